import { ok, okAsync } from "@hexkit/core";
import { expect, it } from "vitest";
import { idle, type JobQueueContractContext } from "./context.js";
import { done } from "./handlers.js";

/**
 * Job-queue contract, delays and priority: a delayed job does not run before
 * its delay; ready jobs run by priority, 1 first, and in enqueue order within
 * one priority.
 */
export function schedulingGuarantees(ctx: JobQueueContractContext): void {
  const { queue, start, until, settled, harness } = ctx;

  it("does not run a delayed job before its delay", async () => {
    const seen: number[] = [];
    start({ work: (job) => (seen.push(job.payload.n), okAsync(undefined)), other: done });
    await queue().enqueue("work", { n: 1 }, { delayMs: 400 });
    expect(await queue().counts()).toEqual(ok({ ...idle, delayed: 1 }));
    await harness().advance(200);
    expect(seen).toEqual([]);
    await until(() => seen.length === 1, "the delayed job");
    await settled();
  });

  it("runs ready jobs by priority, 1 first", async () => {
    for (const n of [5, 1, 3]) await queue().enqueue("work", { n }, { priority: n });
    const seen: number[] = [];
    start({ work: (job) => (seen.push(job.payload.n), okAsync(undefined)), other: done }, { concurrency: 1 });
    await until(() => seen.length === 3, "three jobs");
    expect(seen).toEqual([1, 3, 5]);
  });

  it("runs jobs of equal priority in the order they were enqueued", async () => {
    for (const n of [1, 2, 3, 4, 5]) await queue().enqueue("work", { n });
    const seen: number[] = [];
    start({ work: (job) => (seen.push(job.payload.n), okAsync(undefined)), other: done }, { concurrency: 1 });
    await until(() => seen.length === 5, "five jobs");
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });
}
