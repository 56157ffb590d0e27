import { conflict, errAsync, ok, okAsync, rateLimited, unavailable } from "@hexkit/core";
import { expect, it } from "vitest";
import { anyNumber } from "../matchers.js";
import { idle, type JobQueueContractContext } from "./context.js";
import { done, type WorkJob } from "./handlers.js";

/**
 * Job-queue contract, retries and dead letters: attempts are counted 1..n;
 * a transient error is retried and may then succeed; a permanent error
 * dead-letters at once with the error's tag and message; a job dead-letters
 * after its last attempt (its own `attempts`, else the queue's default);
 * `RateLimited` waits at least its `retryAfterMs`.
 */
export function retryGuarantees(ctx: JobQueueContractContext): void {
  const { queue, start, until, settled, harness } = ctx;

  it("counts attempts and retries a transient error until it succeeds", async () => {
    const attempts: number[] = [];
    start({
      work: (job) => {
        attempts.push(job.attempt);
        return job.attempt < 3 ? errAsync(unavailable("downstream")) : okAsync(undefined);
      },
      other: done,
    });
    await queue().enqueue("work", { n: 1 });
    await until(() => attempts.length === 3, "three attempts");
    await settled();
    expect(attempts).toEqual([1, 2, 3]);
    expect(await queue().deadLetters()).toEqual(ok([]));
  });

  it("dead-letters a job at once on a permanent error, with the error's tag and message", async () => {
    const attempts: number[] = [];
    start({ work: (job) => (attempts.push(job.attempt), errAsync(conflict("duplicate delivery"))), other: done });
    const { id } = (await queue().enqueue("work", { n: 7 }))._unsafeUnwrap();
    await settled({ ...idle, deadLettered: 1 });
    await harness().advance(100);
    expect(attempts).toEqual([1]);
    expect(await queue().deadLetters()).toEqual(
      ok([
        {
          id,
          name: "work",
          payload: { n: 7 },
          attempts: 1,
          error: { _tag: "Conflict", message: "duplicate delivery" },
          failedAt: anyNumber(),
          carrier: {},
        },
      ]),
    );
  });

  it("dead-letters a job after its last attempt", async () => {
    const attempts: number[] = [];
    start({ work: (job) => (attempts.push(job.attempt), errAsync(unavailable("downstream"))), other: done });
    const { id } = (await queue().enqueue("work", { n: 1 }))._unsafeUnwrap();
    await settled({ ...idle, deadLettered: 1 });
    expect(attempts).toEqual([1, 2, 3]);
    expect(await queue().deadLetters()).toEqual(
      ok([
        {
          id,
          name: "work",
          payload: { n: 1 },
          attempts: 3,
          error: { _tag: "Unavailable", message: "downstream is unavailable" },
          failedAt: anyNumber(),
          carrier: {},
        },
      ]),
    );
  });

  it("uses a job's own attempts instead of the queue's default", async () => {
    const seen: WorkJob[] = [];
    start({ work: (job) => (seen.push(job), errAsync(unavailable("downstream"))), other: done });
    await queue().enqueue("work", { n: 1 }, { attempts: 2 });
    await settled({ ...idle, deadLettered: 1 });
    expect(seen.map((j) => [j.attempt, j.maxAttempts])).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it("waits at least retryAfterMs before retrying a RateLimited job", async () => {
    const attempts: number[] = [];
    start({
      work: (job) => (attempts.push(job.attempt), job.attempt === 1 ? errAsync(rateLimited(400)) : okAsync(undefined)),
      other: done,
    });
    await queue().enqueue("work", { n: 1 });
    await until(() => attempts.length === 1, "the first attempt");
    await harness().advance(200);
    expect(attempts).toEqual([1]);
    await until(() => attempts.length === 2, "the retry");
    expect(attempts).toEqual([1, 2]);
  });
}
