import { fromSafePromise, type JobError, okAsync, type ResultAsync } from "@hexkit/core";
import { expect, it } from "vitest";
import { anyString } from "../matchers.js";
import { idle, type JobQueueContractContext } from "./context.js";
import { done } from "./handlers.js";

/**
 * Job-queue contract, worker robustness: a throwing or rejecting handler is
 * `Internal`, dead-letters its job and the worker keeps going; a worker never
 * runs more than `concurrency` handlers at once.
 */
export function workerGuarantees(ctx: JobQueueContractContext): void {
  const { queue, start, until, settled, harness } = ctx;

  it("treats a throwing handler as Internal, dead-letters its job and keeps working", async () => {
    const seen: number[] = [];
    start(
      {
        work: (job) => {
          if (job.payload.n === 1) throw new Error("handler bug");
          seen.push(job.payload.n);
          return okAsync(undefined);
        },
        other: done,
      },
      { concurrency: 1 },
    );
    await queue().enqueue("work", { n: 1 });
    await queue().enqueue("work", { n: 2 });
    await until(() => seen.length === 1, "the next job");
    await settled({ ...idle, deadLettered: 1 });
    const [letter] = (await queue().deadLetters())._unsafeUnwrap();
    expect(letter).toEqual(
      expect.objectContaining({ payload: { n: 1 }, attempts: 1, error: { _tag: "Internal", message: anyString() } }),
    );
  });

  it("treats a handler's rejected ResultAsync as Internal", async () => {
    const rejecting = (): ResultAsync<void, JobError> => fromSafePromise(Promise.reject(new Error("rejected")));
    start({ work: rejecting, other: done });
    await queue().enqueue("work", { n: 1 });
    await settled({ ...idle, deadLettered: 1 });
    const [letter] = (await queue().deadLetters())._unsafeUnwrap();
    expect(letter?.error._tag).toBe("Internal");
  });

  it("never runs more handlers at once than the worker's concurrency", async () => {
    let inFlight = 0;
    let most = 0;
    let finished = 0;
    const waiting: (() => void)[] = [];
    start(
      {
        work: () => {
          inFlight++;
          most = Math.max(most, inFlight);
          return fromSafePromise(new Promise<void>((resolve) => waiting.push(resolve))).map(() => {
            inFlight--;
            finished++;
          });
        },
        other: done,
      },
      { concurrency: 2 },
    );
    for (const n of [1, 2, 3, 4, 5, 6]) await queue().enqueue("work", { n });
    while (finished < 6) {
      await until(() => waiting.length > 0, "a handler to start");
      await harness().advance(50);
      expect(inFlight).toBeLessThanOrEqual(2);
      for (const release of waiting.splice(0)) release();
      await harness().advance(10);
    }
    expect(most).toBe(2);
  });
}
