import {
  type Clock,
  type ContextStore,
  type DeadLetter,
  defaultRetryPolicy,
  type EnqueuedJob,
  type EnqueueOptions,
  err,
  errAsync,
  type IdGenerator,
  invalid,
  type JobHandler,
  type JobHandlers,
  type JobMap,
  type JobQueue,
  type JobQueueError,
  type Logger,
  nextRetryDelay,
  notFound,
  ok,
  okAsync,
  type Random,
  type Result,
  type RetryPolicy,
  type Worker,
  type WorkerOptions,
} from "@hexkit/core";
import { createIdGenerator } from "../id-generator.js";
import { BinaryHeap } from "./binary-heap.js";
import { type StoredJob, toDeadLetter } from "./stored-job.js";
import { createWorkerLoop, type MemoryWorker, type WorkerHost } from "./worker.js";

/** Options for `createMemoryJobQueue`. */
export interface MemoryJobQueueOptions {
  readonly clock: Clock;
  /** Backoff between tries (transient errors only). Default: core's `defaultRetryPolicy`. */
  readonly retryPolicy?: RetryPolicy;
  /** Tries per job when `enqueue` names none. Default: the retry policy's `maxAttempts`. */
  readonly defaultAttempts?: number;
  /** How long (ms) a completed job's idempotency key still deduplicates. Default 3 600 000 (1 h). */
  readonly idempotencyWindowMs?: number;
  /** Dead letters kept; the oldest go first beyond it. Default 10 000. */
  readonly maxDeadLetters?: number;
  /** Jitter source for the retry policy. Default `Math.random`. */
  readonly random?: Random;
  /** Makes job ids. Default `createIdGenerator()`. */
  readonly idGenerator?: IdGenerator;
  /** When given: `enqueue` without a carrier injects the current context, and handlers run inside the job's. */
  readonly context?: ContextStore;
  /** When given: retries (warn) and dead letters (error) are logged. */
  readonly logger?: Logger;
}

/** The memory JobQueue, which also makes Workers on itself. */
export interface MemoryJobQueue<Jobs extends JobMap> extends JobQueue<Jobs> {
  /** Starts a worker that runs up to `concurrency` (default 1) handlers at once. */
  createWorker(handlers: JobHandlers<Jobs>, options?: WorkerOptions): Worker;
  /** Stops every worker (see `Worker.stop`) and cancels delayed jobs' timers; the jobs stay queued. */
  close(options?: { readonly deadlineMs?: number }): Promise<void>;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`createMemoryJobQueue: ${name} must be a positive integer, got ${String(value)}`);
  return value;
}

/** JSON round trip, like a durable queue: the job holds its own copy, and what JSON cannot hold is refused. */
function copyPayload(payload: unknown): Result<unknown, JobQueueError> {
  if (payload === undefined) return ok(undefined);
  try {
    return ok(JSON.parse(JSON.stringify(payload)) as unknown);
  } catch (cause) {
    return err(invalid(["payload"], `Payload cannot be serialised as JSON: ${cause instanceof Error ? cause.message : String(cause)}`));
  }
}

function checkOptions(options: EnqueueOptions): JobQueueError | undefined {
  if (options.attempts !== undefined && (!Number.isInteger(options.attempts) || options.attempts < 1)) {
    return invalid(["options", "attempts"], "attempts must be a positive integer");
  }
  if (options.priority !== undefined && (!Number.isInteger(options.priority) || options.priority < 1)) {
    return invalid(["options", "priority"], "priority must be a positive integer (1 is the highest)");
  }
  if (options.delayMs !== undefined && !(options.delayMs >= 0)) {
    return invalid(["options", "delayMs"], "delayMs must be a number >= 0");
  }
  return undefined;
}

/**
 * A job queue and its workers in one process: the production default for a
 * single process, and the test double for anything that enqueues.
 *
 * Guarantees: at-least-once within the process (a job leaves the queue only
 * when its handler succeeded or it was dead-lettered; jobs still running at a
 * worker's stop deadline go back to the queue); tries counted 1..n, retried on
 * core's `nextRetryDelay` (transient errors only, `RateLimited` waits at least
 * its `retryAfterMs`) with waits on the Clock; priority (1 first; jobs without
 * one run before prioritised ones, as in BullMQ) then enqueue order;
 * idempotency keys deduplicate while a job is waiting, delayed or active, and
 * for `idempotencyWindowMs` after it completed (not after it dead-lettered);
 * payloads are copied through JSON. Not durable: jobs are lost when the
 * process exits. Never fails but for `ValidationError` (bad options, payload
 * not JSON) and `NotFound` (replay of an unknown dead letter).
 */
export function createMemoryJobQueue<Jobs extends JobMap>(options: MemoryJobQueueOptions): MemoryJobQueue<Jobs> {
  const { clock, context, logger } = options;
  const retryPolicy = options.retryPolicy ?? defaultRetryPolicy;
  const defaultAttempts = positiveInteger("defaultAttempts", options.defaultAttempts ?? retryPolicy.maxAttempts);
  const idempotencyWindowMs = options.idempotencyWindowMs ?? 3_600_000;
  const maxDeadLetters = positiveInteger("maxDeadLetters", options.maxDeadLetters ?? 10_000);
  const random = options.random ?? Math.random;
  const ids = options.idGenerator ?? createIdGenerator();

  const ready = new BinaryHeap<StoredJob>((a, b) => a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq));
  const delayed = new Map<string, StoredJob>();
  const active = new Map<string, StoredJob>();
  const dead = new Map<string, { readonly letter: DeadLetter; readonly job: StoredJob }>();
  /** Idempotency key -> job id; `until` is set once the job completed. */
  const keys = new Map<string, { readonly id: string; readonly name: string; readonly until?: number }>();
  const workers = new Set<MemoryWorker>();
  let seq = 0;
  let nextKeySweepAt = clock.now() + idempotencyWindowMs;

  let notifying = false;
  // Deferred and coalesced: a handler never starts inside the enqueue call
  // that made its job ready, and a burst of enqueues wakes workers once.
  const notify = (): void => {
    if (notifying) return;
    notifying = true;
    queueMicrotask(() => {
      notifying = false;
      for (const worker of workers) worker.pump();
    });
  };

  const schedule = (job: StoredJob, delayMs: number): void => {
    if (delayMs <= 0) {
      ready.push(job);
      notify();
      return;
    }
    delayed.set(job.id, job);
    job.cancelTimer = clock.setTimer(delayMs, () => {
      job.cancelTimer = undefined;
      if (!delayed.delete(job.id)) return;
      ready.push(job);
      notify();
    });
  };

  const sweepKeys = (now: number): void => {
    if (now < nextKeySweepAt) return;
    nextKeySweepAt = now + Math.max(1_000, idempotencyWindowMs);
    for (const [key, entry] of keys) if (entry.until !== undefined && now >= entry.until) keys.delete(key);
  };

  const log = (job: StoredJob, write: () => void): void => {
    if (context === undefined) write();
    else context.run(context.extract(job.carrier), write);
  };

  const deadLetter = (job: StoredJob, error: { readonly _tag: string; readonly message: string }): void => {
    const letter = toDeadLetter(job, error, clock.now());
    dead.set(job.id, { letter, job });
    if (dead.size > maxDeadLetters) {
      const oldest = dead.keys().next();
      if (oldest.done !== true) dead.delete(oldest.value);
    }
    if (job.idempotencyKey !== undefined && keys.get(job.idempotencyKey)?.id === job.id) keys.delete(job.idempotencyKey);
    log(job, () => logger?.error("Job dead-lettered", { jobId: job.id, jobName: job.name, attempts: job.attempts, err: error }));
  };

  const host: WorkerHost = {
    clock,
    context,
    take() {
      const job = ready.pop();
      if (job === undefined) return undefined;
      job.run++;
      active.set(job.id, job);
      return job;
    },
    finish(job, run, attempt, outcome) {
      if (job.run !== run || active.get(job.id) !== job) return;
      active.delete(job.id);
      job.attempts = attempt;
      if (outcome.isOk()) {
        if (job.idempotencyKey !== undefined && keys.get(job.idempotencyKey)?.id === job.id) {
          keys.set(job.idempotencyKey, { id: job.id, name: job.name, until: clock.now() + idempotencyWindowMs });
        }
        return;
      }
      const error = outcome.error;
      const policy = { ...retryPolicy, maxAttempts: job.maxAttempts };
      const delayMs = nextRetryDelay(policy, attempt, error, random);
      if (delayMs === undefined) {
        deadLetter(job, error);
        return;
      }
      log(job, () =>
        logger?.warn("Job failed; retrying", { jobId: job.id, jobName: job.name, attempt, delayMs, err: error }),
      );
      schedule(job, delayMs);
    },
    abandon(job, run) {
      if (job.run !== run || active.get(job.id) !== job) return;
      active.delete(job.id);
      schedule(job, 0);
    },
    detach(worker) {
      workers.delete(worker);
    },
  };

  const enqueueOne = (name: string, payload: unknown, enqueueOptions: EnqueueOptions = {}): Result<EnqueuedJob, JobQueueError> => {
    const problem = checkOptions(enqueueOptions);
    if (problem !== undefined) return err(problem);
    const now = clock.now();
    sweepKeys(now);
    const key = enqueueOptions.idempotencyKey;
    if (key !== undefined) {
      const known = keys.get(key);
      if (known !== undefined && (known.until === undefined || now < known.until)) {
        return ok({ id: known.id, name: known.name, deduplicated: true });
      }
    }
    const copied = copyPayload(payload);
    if (copied.isErr()) return err(copied.error);
    const job: StoredJob = {
      id: ids.next("job"),
      name,
      payload: copied.value,
      maxAttempts: enqueueOptions.attempts ?? defaultAttempts,
      enqueuedAt: now,
      carrier: { ...(enqueueOptions.carrier ?? context?.inject() ?? {}) },
      idempotencyKey: key,
      priority: enqueueOptions.priority ?? 0,
      seq: seq++,
      attempts: 0,
      run: 0,
      cancelTimer: undefined,
    };
    if (key !== undefined) keys.set(key, { id: job.id, name });
    schedule(job, enqueueOptions.delayMs ?? 0);
    return ok({ id: job.id, name, deduplicated: false });
  };

  return {
    enqueue: (name, payload, enqueueOptions) => {
      const result = enqueueOne(name, payload, enqueueOptions);
      return result.isOk() ? okAsync(result.value) : errAsync(result.error);
    },
    enqueueMany(requests) {
      const out: EnqueuedJob[] = [];
      for (const request of requests) {
        const result = enqueueOne(request.name, request.payload, request.options);
        if (result.isErr()) return errAsync(result.error);
        out.push(result.value);
      }
      return okAsync(out);
    },
    deadLetters(limit = 100) {
      return okAsync([...dead.values()].reverse().slice(0, Math.max(0, limit)).map((d) => d.letter));
    },
    replayDeadLetter(id) {
      const entry = dead.get(id);
      if (entry === undefined) return errAsync(notFound("dead letter", id));
      dead.delete(id);
      const { job } = entry;
      job.attempts = 0;
      if (job.idempotencyKey !== undefined && !keys.has(job.idempotencyKey)) keys.set(job.idempotencyKey, { id, name: job.name });
      schedule(job, 0);
      return okAsync({ id, name: job.name, deduplicated: false });
    },
    counts: () =>
      okAsync({ waiting: ready.size, delayed: delayed.size, active: active.size, deadLettered: dead.size }),
    createWorker(handlers, workerOptions) {
      const concurrency = positiveInteger("concurrency", workerOptions?.concurrency ?? 1);
      const worker = createWorkerLoop(host, handlers as unknown as Readonly<Record<string, JobHandler>>, concurrency);
      workers.add(worker);
      worker.pump();
      return worker;
    },
    async close(closeOptions) {
      await Promise.all([...workers].map((w) => w.stop(closeOptions)));
      for (const job of delayed.values()) job.cancelTimer?.();
    },
  };
}
