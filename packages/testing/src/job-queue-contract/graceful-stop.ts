import { ok, okAsync } from "@hexkit/core";
import { expect, it } from "vitest";
import { idle, type JobQueueContractContext } from "./context.js";
import { done, gate, type WorkJob } from "./handlers.js";

/**
 * Job-queue contract, graceful stop: `stop()` drains in-flight jobs and takes
 * no new ones; jobs left at stop (waiting, or abandoned at the deadline) are
 * handled by a later worker, since delivery is at-least-once.
 */
export function gracefulStopGuarantees(ctx: JobQueueContractContext): void {
  const { queue, start, until, settled, harness } = ctx;

  it("drains in-flight jobs on stop and takes no new ones", async () => {
    const g = gate();
    const worker = start({ work: g.handler, other: done });
    await queue().enqueue("work", { n: 1 });
    await until(() => g.started.length === 1, "the job to start");
    const stopping = worker.stop({ deadlineMs: 5_000 });
    await harness().advance(20);
    g.open();
    expect(await stopping).toEqual({ drained: 1, abandoned: 0 });
    await queue().enqueue("work", { n: 2 });
    await harness().advance(200);
    expect(g.started.map((j) => j.payload.n)).toEqual([1]);
    expect(await queue().counts()).toEqual(ok({ ...idle, waiting: 1 }));
    expect((await worker.stop()).abandoned).toBe(0);
  });

  it("leaves jobs still waiting at stop to a later worker", async () => {
    const g = gate();
    const worker = start({ work: g.handler, other: done }, { concurrency: 1 });
    for (const n of [1, 2, 3]) await queue().enqueue("work", { n });
    await until(() => g.started.length === 1, "the first job to start");
    const stopping = worker.stop({ deadlineMs: 5_000 });
    g.open();
    expect(await stopping).toEqual({ drained: 1, abandoned: 0 });
    expect(await queue().counts()).toEqual(ok({ ...idle, waiting: 2 }));
    const later: number[] = [];
    start({ work: (job) => (later.push(job.payload.n), okAsync(undefined)), other: done });
    await until(() => later.length === 2, "the later worker to handle the rest");
    expect([...later].sort()).toEqual([2, 3]);
    await settled();
  });

  it("abandons a job still running at the stop deadline, and a later worker runs it", async () => {
    const stuck = gate();
    const worker = start({ work: stuck.handler, other: done });
    const { id } = (await queue().enqueue("work", { n: 1 }))._unsafeUnwrap();
    await until(() => stuck.started.length === 1, "the job to start");
    const stopping = worker.stop({ deadlineMs: 100 });
    await harness().advance(300);
    expect(await stopping).toEqual({ drained: 0, abandoned: 1 });
    const later: WorkJob[] = [];
    start({ work: (job) => (later.push(job), okAsync(undefined)), other: done });
    await until(() => later.length > 0, "the abandoned job to run again", 15_000);
    expect(later[0]).toEqual(expect.objectContaining({ id, payload: { n: 1 } }));
    stuck.open();
  });
}
