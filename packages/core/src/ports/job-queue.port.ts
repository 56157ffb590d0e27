import type { AppError, NotFound, Timeout, Unavailable, ValidationError } from "../errors.js";
import type { ResultAsync } from "../result.js";
import type { Carrier } from "./carrier.js";

/**
 * Durable background jobs, as two ports: a `JobQueue` that accepts work and a
 * `Worker` that runs it. Delivery is at-least-once: a handler may see the same
 * job more than once (after a crash, a stall or a retry), so handlers must be
 * idempotent. Jobs are typed by a map from job name to payload type.
 */
export type JobMap = Record<string, unknown>;

export interface EnqueueOptions {
  /** Run no earlier than this many milliseconds from now. */
  readonly delayMs?: number;
  /** Lower numbers run first among ready jobs (1 is the highest); default: none. */
  readonly priority?: number;
  /**
   * Jobs enqueued with the same key while an earlier one is still known to
   * the queue (waiting, delayed, active, or completed within the adapter's
   * documented window) are not created again: `enqueue` answers with the
   * existing job and `deduplicated: true`.
   */
  readonly idempotencyKey?: string;
  /** Total tries before dead-lettering, including the first (default: the queue's). */
  readonly attempts?: number;
  /** Trace and correlation context to continue in the worker. */
  readonly carrier?: Carrier;
}

/** What `enqueue` answers: the job's id, and whether an existing job was reused. */
export interface EnqueuedJob {
  readonly id: string;
  readonly name: string;
  readonly deduplicated: boolean;
}

/** One request in `enqueueMany`. */
export interface JobRequest<Jobs extends JobMap, N extends keyof Jobs & string = keyof Jobs & string> {
  readonly name: N;
  readonly payload: Jobs[N];
  readonly options?: EnqueueOptions;
}

/** A job as its handler sees it. */
export interface Job<N extends string = string, P = unknown> {
  readonly id: string;
  readonly name: N;
  readonly payload: P;
  /** 1 on the first try, 2 on the first retry, … */
  readonly attempt: number;
  /** Total tries allowed before dead-lettering. */
  readonly maxAttempts: number;
  /** Epoch ms when the job was accepted. */
  readonly enqueuedAt: number;
  readonly carrier: Carrier;
  readonly idempotencyKey?: string;
}

/**
 * What a handler may fail with. Transient errors (`Unavailable`, `Timeout`)
 * are retried on the retry policy; `RateLimited` waits at least its
 * `retryAfterMs`; any other error dead-letters the job at once.
 */
export type JobError = AppError;

/** Runs one job. Must not throw; a throw is treated as an `Internal` error (a bug). */
export type JobHandler<P = unknown, N extends string = string> = (job: Job<N, P>) => ResultAsync<void, JobError>;

/** One handler for every job name in the map. */
export type JobHandlers<Jobs extends JobMap> = { readonly [N in keyof Jobs & string]: JobHandler<Jobs[N], N> };

/** A job that used up its attempts or failed permanently. */
export interface DeadLetter {
  readonly id: string;
  readonly name: string;
  readonly payload: unknown;
  readonly attempts: number;
  /** The error of the last attempt: tag and message only. */
  readonly error: { readonly _tag: string; readonly message: string };
  readonly failedAt: number;
  readonly carrier: Carrier;
}

/** How many jobs are in each state. */
export interface QueueCounts {
  readonly waiting: number;
  readonly delayed: number;
  readonly active: number;
  readonly deadLettered: number;
}

/** A queue fails only because its store is down or slow, or the payload is invalid. */
export type JobQueueError = Unavailable | Timeout | ValidationError;

export interface JobQueue<Jobs extends JobMap> {
  /** Accepts a job durably (per the adapter's durability) or answers an error; never both. */
  enqueue<N extends keyof Jobs & string>(
    name: N,
    payload: Jobs[N],
    options?: EnqueueOptions,
  ): ResultAsync<EnqueuedJob, JobQueueError>;
  /** Accepts several jobs; on error none or some may have been accepted (each is idempotent by key). */
  enqueueMany(requests: readonly JobRequest<Jobs>[]): ResultAsync<readonly EnqueuedJob[], JobQueueError>;
  /** Dead-lettered jobs, newest first, at most `limit` (default 100). */
  deadLetters(limit?: number): ResultAsync<readonly DeadLetter[], Unavailable | Timeout>;
  /** Moves a dead-lettered job back to the queue with fresh attempts. */
  replayDeadLetter(id: string): ResultAsync<EnqueuedJob, NotFound | Unavailable | Timeout>;
  counts(): ResultAsync<QueueCounts, Unavailable | Timeout>;
}

export interface WorkerStopOptions {
  /** How long in-flight jobs may take to finish before they are left to be run again. Default 10 000. */
  readonly deadlineMs?: number;
}

/** What `stop` reports. */
export interface WorkerStopReport {
  /** In-flight jobs that finished before the deadline. */
  readonly drained: number;
  /** In-flight jobs abandoned at the deadline; the queue will run them again. */
  readonly abandoned: number;
}

/** Consumes jobs with handlers. Created started; `stop` is idempotent. */
export interface Worker {
  /** Stops taking jobs, waits for in-flight ones up to the deadline, then resolves. Never rejects. */
  stop(options?: WorkerStopOptions): Promise<WorkerStopReport>;
}

export interface WorkerOptions {
  /** Jobs run at once by this worker. Default 1. */
  readonly concurrency?: number;
}
