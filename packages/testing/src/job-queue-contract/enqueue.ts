import { ok, okAsync } from "@hexkit/core";
import { expect, it } from "vitest";
import { anyNumber, anyString } from "../matchers.js";
import { type JobQueueContractContext } from "./context.js";
import { done, type WorkJob } from "./handlers.js";

/**
 * Job-queue contract, enqueue and dispatch: a job is handled with its
 * payload and carrier, each job goes to the handler for its name, and
 * `enqueueMany` accepts several jobs and handles them all.
 */
export function enqueueGuarantees(ctx: JobQueueContractContext): void {
  const { queue, start, until, settled, retryPolicy } = ctx;

  it("handles an enqueued job with its payload and carrier", async () => {
    const seen: WorkJob[] = [];
    start({ work: (job) => (seen.push(job), okAsync(undefined)), other: done });
    const carrier = { "x-request-id": "req-1", traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };
    const enqueued = (await queue().enqueue("work", { n: 1 }, { carrier }))._unsafeUnwrap();
    expect(enqueued).toEqual({ id: anyString(), name: "work", deduplicated: false });
    await until(() => seen.length > 0, "the job to be handled");
    expect(seen[0]).toEqual({
      id: enqueued.id,
      name: "work",
      payload: { n: 1 },
      attempt: 1,
      maxAttempts: retryPolicy.maxAttempts,
      enqueuedAt: anyNumber(),
      carrier,
    });
    await settled();
    expect(await queue().deadLetters()).toEqual(ok([]));
  });

  it("dispatches each job to the handler for its name", async () => {
    const seen: string[] = [];
    start({
      work: (job) => (seen.push(`work:${job.payload.n}`), okAsync(undefined)),
      other: (job) => (seen.push(`other:${job.payload.text}`), okAsync(undefined)),
    });
    await queue().enqueue("other", { text: "x" });
    await queue().enqueue("work", { n: 2 });
    await until(() => seen.length === 2, "both jobs to be handled");
    expect([...seen].sort()).toEqual(["other:x", "work:2"]);
  });

  it("accepts several jobs with enqueueMany and handles them all", async () => {
    const seen: string[] = [];
    start({
      work: (job) => (seen.push(`work:${job.payload.n}`), okAsync(undefined)),
      other: (job) => (seen.push(`other:${job.payload.text}`), okAsync(undefined)),
    });
    const result = (
      await queue().enqueueMany([
        { name: "work", payload: { n: 1 } },
        { name: "other", payload: { text: "a" } },
        { name: "work", payload: { n: 2 }, options: { delayMs: 50 } },
      ])
    )._unsafeUnwrap();
    expect(result.map((j) => [j.name, j.deduplicated])).toEqual([
      ["work", false],
      ["other", false],
      ["work", false],
    ]);
    expect(new Set(result.map((j) => j.id)).size).toBe(3);
    await until(() => seen.length === 3, "three jobs");
    expect([...seen].sort()).toEqual(["other:a", "work:1", "work:2"]);
  });
}
