import type { Carrier, DeadLetter, Job } from "@hexkit/core";

/** A job as the memory queue keeps it, across its tries. */
export interface StoredJob {
  readonly id: string;
  readonly name: string;
  readonly payload: unknown;
  readonly maxAttempts: number;
  readonly enqueuedAt: number;
  readonly carrier: Carrier;
  readonly idempotencyKey: string | undefined;
  /** Lower runs first; 0 for jobs enqueued without a priority. */
  readonly priority: number;
  /** Enqueue order, the tie-breaker among equal priorities. */
  readonly seq: number;
  /** Tries finished so far (an abandoned try does not count). */
  attempts: number;
  /** Bumped each time a worker takes the job, so a late outcome of an abandoned try is ignored. */
  run: number;
  /** Cancels the timer of a delayed job. */
  cancelTimer: (() => void) | undefined;
}

/** The job a handler sees for try number `attempt`. Two literals rather than a spread: this runs for every try. */
export function toJobView(job: StoredJob, attempt: number): Job {
  const { id, name, payload, maxAttempts, enqueuedAt, carrier, idempotencyKey } = job;
  if (idempotencyKey === undefined) return { id, name, payload, attempt, maxAttempts, enqueuedAt, carrier };
  return { id, name, payload, attempt, maxAttempts, enqueuedAt, carrier, idempotencyKey };
}

/** A dead letter for `job`, failed with `error` at `failedAt`. */
export function toDeadLetter(job: StoredJob, error: { readonly _tag: string; readonly message: string }, failedAt: number): DeadLetter {
  return {
    id: job.id,
    name: job.name,
    payload: job.payload,
    attempts: job.attempts,
    error: { _tag: error._tag, message: error.message },
    failedAt,
    carrier: job.carrier,
  };
}
