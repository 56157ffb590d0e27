import { ok, okAsync } from "@hexkit/core";
import { expect, it } from "vitest";
import { idle, type JobQueueContractContext } from "./context.js";
import { done, type WorkJob } from "./handlers.js";

/**
 * Job-queue contract, idempotency: a key deduplicates enqueues while its
 * first job is known, including right after that job completed.
 */
export function idempotencyGuarantees(ctx: JobQueueContractContext): void {
  const { queue, start, until, settled, harness } = ctx;

  it("deduplicates jobs by idempotency key while the first is known", async () => {
    const first = (await queue().enqueue("work", { n: 1 }, { idempotencyKey: "key-1" }))._unsafeUnwrap();
    expect(await queue().enqueue("work", { n: 2 }, { idempotencyKey: "key-1" })).toEqual(
      ok({ id: first.id, name: "work", deduplicated: true }),
    );
    expect(await queue().counts()).toEqual(ok({ ...idle, waiting: 1 }));
    const other = (await queue().enqueue("work", { n: 3 }, { idempotencyKey: "key-2" }))._unsafeUnwrap();
    expect(other.id).not.toBe(first.id);
    const seen: WorkJob[] = [];
    start({ work: (job) => (seen.push(job), okAsync(undefined)), other: done });
    await until(() => seen.length === 2, "two jobs");
    await settled();
    expect(seen.map((j) => [j.payload.n, j.idempotencyKey]).sort()).toEqual([
      [1, "key-1"],
      [3, "key-2"],
    ]);
  });

  it("deduplicates a key again right after its job completed", async () => {
    const seen: number[] = [];
    start({ work: (job) => (seen.push(job.payload.n), okAsync(undefined)), other: done });
    const first = (await queue().enqueue("work", { n: 1 }, { idempotencyKey: "key-1" }))._unsafeUnwrap();
    await until(() => seen.length === 1, "the first job");
    await settled();
    expect(await queue().enqueue("work", { n: 2 }, { idempotencyKey: "key-1" })).toEqual(
      ok({ id: first.id, name: "work", deduplicated: true }),
    );
    await harness().advance(100);
    expect(seen).toEqual([1]);
  });
}
