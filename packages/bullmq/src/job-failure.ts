import { type JobError, type RetryPolicy, nextRetryDelay } from "@hexkit/core";
import { UnrecoverableError } from "bullmq";
import { encodeFailure } from "./job-envelope.js";

/**
 * Thrown to BullMQ for a transient handler error; carries the error so the
 * backoff strategy can ask the retry policy (a `RateLimited` error's
 * `retryAfterMs` sets the floor of the delay).
 */
export class TransientJobFailure extends Error {
  override readonly name = "TransientJobFailure";
  constructor(readonly jobError: JobError) {
    super(encodeFailure(jobError));
  }
}

/** Thrown to BullMQ for a permanent error: BullMQ fails the job at once, whatever attempts are left. */
export function permanentFailure(error: { readonly _tag: string; readonly message: string }): UnrecoverableError {
  return new UnrecoverableError(encodeFailure(error));
}

/** The name of the backoff strategy every job of this adapter is enqueued with. */
export const backoffType = "hexkit";

/**
 * BullMQ's custom backoff strategy on core's retry policy. BullMQ itself
 * counts the attempts (the job's `attempts` option), so the policy's own
 * `maxAttempts` is not consulted here. A non-transient error answers -1 (do
 * not retry), though permanent errors are normally thrown as
 * `UnrecoverableError` and never reach this function.
 */
export function createBackoffStrategy(
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">,
  random: () => number = Math.random,
): (attemptsMade: number, type?: string, error?: Error) => number {
  const unbounded: RetryPolicy = { ...policy, maxAttempts: Number.POSITIVE_INFINITY };
  return (attemptsMade, _type, error) => {
    const jobError = error instanceof TransientJobFailure ? error.jobError : { _tag: "Unavailable" };
    return nextRetryDelay(unbounded, attemptsMade, jobError, random) ?? -1;
  };
}
