import {
  conflict,
  fromSafePromise,
  type Job,
  type JobHandler,
  type JobHandlers,
  type JobQueue,
  ok,
  okAsync,
  errAsync,
  rateLimited,
  type ResultAsync,
  type RetryPolicy,
  type JobError,
  unavailable,
  type Worker,
  type WorkerOptions,
} from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { type ContractHarness, eventually, useHarness } from "./harness.js";
import { anyNumber, anyString, errTagged } from "./matchers.js";

/** The job map the job-queue contract enqueues: two names so dispatch by name is checked. */
export type ContractJobs = {
  readonly work: { readonly n: number };
  readonly other: { readonly text: string };
};

/** What a job-queue adapter's setup provides: a queue, and a way to start workers on it. */
export interface JobQueueContractSubject {
  readonly queue: JobQueue<ContractJobs>;
  /**
   * Starts a worker on the same queue. The harness's teardown must stop every
   * worker started here that the test did not stop itself.
   */
  startWorker(handlers: JobHandlers<ContractJobs>, options?: WorkerOptions): Worker;
}

/**
 * The retry policy the contract asks its setup to give the queue (and its
 * `maxAttempts` as the queue's default attempts): short real delays so a real
 * backend passes quickly.
 */
export const jobQueueContractRetryPolicy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 };

/** Builds a fresh, empty queue with `options.retryPolicy`. Called before each test. */
export type JobQueueContractSetup = (options: {
  readonly retryPolicy: RetryPolicy;
}) => Promise<ContractHarness<JobQueueContractSubject>>;

type WorkJob = Job<"work", ContractJobs["work"]>;

/** A handler that blocks until the test opens it. */
interface Gate {
  readonly handler: (job: WorkJob) => ResultAsync<void, JobError>;
  readonly started: WorkJob[];
  open(): void;
}

function gate(): Gate {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const started: WorkJob[] = [];
  return {
    handler: (job) => {
      started.push(job);
      return fromSafePromise(opened);
    },
    started,
    open: () => {
      open();
    },
  };
}

const done: JobHandler<ContractJobs["other"], "other"> = () => okAsync(undefined);

/**
 * The JobQueue + Worker ports' specification, as tests. Delivery is
 * at-least-once, so the suite checks that every job is handled, not that it is
 * handled only once, except where the port promises it (deduplication).
 *
 * Guarantees checked: a job is handled with its payload and carrier; attempts
 * are counted 1..n; a transient error is retried and may then succeed; a
 * permanent error dead-letters at once with the error's tag and message; a job
 * dead-letters after its last attempt; `RateLimited` waits at least its
 * `retryAfterMs`; a delayed job does not run before its delay; priorities
 * order ready jobs; idempotency keys deduplicate; `enqueueMany`; `stop()`
 * drains in-flight jobs and takes no new ones; jobs left at stop (waiting, or
 * abandoned at the deadline) are handled by a later worker; a dead letter can
 * be replayed; `counts()`; a throwing handler is `Internal` and the worker
 * keeps going; a worker never runs more than `concurrency` handlers at once.
 *
 * Time passes through `harness.advance`, in small steps; delays are 10–400 ms,
 * so a real backend (BullMQ on Redis) passes in real time.
 */
export function jobQueueContract(adapterName: string, setup: JobQueueContractSetup): void {
  describe(`JobQueue contract: ${adapterName}`, () => {
    const retryPolicy = jobQueueContractRetryPolicy;
    const harness = useHarness(() => setup({ retryPolicy }));
    const queue = (): JobQueue<ContractJobs> => harness().subject.queue;
    const start = (handlers: JobHandlers<ContractJobs>, options?: WorkerOptions): Worker =>
      harness().subject.startWorker(handlers, options);
    const until = (condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<number> =>
      eventually((ms) => harness().advance(ms), condition, { what, timeoutMs });
    const counts = async (): Promise<unknown> => (await queue().counts())._unsafeUnwrap();
    const idle = { waiting: 0, delayed: 0, active: 0, deadLettered: 0 };
    // Key order and extra fields do not matter: compare the four counts only.
    const settled = (expected: typeof idle = idle): Promise<number> =>
      until(async () => {
        const c = (await counts()) as typeof idle;
        return (Object.keys(idle) as (keyof typeof idle)[]).every((k) => c[k] === expected[k]);
      }, `counts ${JSON.stringify(expected)}`);

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

    it("replays a dead-lettered job with fresh attempts", async () => {
      const attempts: number[] = [];
      let fail = true;
      start({
        work: (job) => (attempts.push(job.attempt), fail ? errAsync(conflict("not yet")) : okAsync(undefined)),
        other: done,
      });
      const { id } = (await queue().enqueue("work", { n: 1 }))._unsafeUnwrap();
      await settled({ ...idle, deadLettered: 1 });
      fail = false;
      expect(await queue().replayDeadLetter(id)).toEqual(ok({ id: anyString(), name: "work", deduplicated: false }));
      await until(() => attempts.length === 2, "the replayed job");
      await settled();
      expect(attempts).toEqual([1, 1]);
      expect(await queue().deadLetters()).toEqual(ok([]));
    });

    it("answers NotFound when replaying an unknown dead letter", async () => {
      expect(await queue().replayDeadLetter("no-such-job")).toEqual(errTagged("NotFound"));
    });

    it("lists dead letters newest first, at most `limit`", async () => {
      start({ work: () => errAsync(conflict("no")), other: done }, { concurrency: 1 });
      const ids: string[] = [];
      for (const n of [1, 2, 3]) {
        ids.push((await queue().enqueue("work", { n }))._unsafeUnwrap().id);
        await settled({ ...idle, deadLettered: n });
      }
      const listed = (await queue().deadLetters(2))._unsafeUnwrap();
      expect(listed.map((d) => d.id)).toEqual([ids[2], ids[1]]);
    });

    it("counts waiting, delayed, active and dead-lettered jobs", async () => {
      await queue().enqueue("work", { n: 1 });
      await queue().enqueue("other", { text: "x" });
      await queue().enqueue("work", { n: 2 }, { delayMs: 60_000 });
      expect(await queue().counts()).toEqual(ok({ waiting: 2, delayed: 1, active: 0, deadLettered: 0 }));
      const g = gate();
      start({ work: g.handler, other: () => errAsync(conflict("no")) }, { concurrency: 2 });
      await settled({ waiting: 0, delayed: 1, active: 1, deadLettered: 1 });
      g.open();
      await settled({ waiting: 0, delayed: 1, active: 0, deadLettered: 1 });
    });

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
  });
}
