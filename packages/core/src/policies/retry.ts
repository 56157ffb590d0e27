import { isTransient } from "../errors.js";
import type { Clock } from "../ports/clock.port.js";
import { type Result, ResultAsync } from "../result.js";

/**
 * Retry with exponential backoff and full jitter (AWS Architecture Blog,
 * "Exponential Backoff and Jitter"): the delay before try n+1 is uniform in
 * [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]. Full jitter spreads retries of
 * many clients that failed together, which a fixed schedule would keep in step.
 */
export interface RetryPolicy {
  /** Total tries, including the first. 1 means never retry. */
  readonly maxAttempts: number;
  /** The backoff's starting point (the cap of the first retry's delay). */
  readonly baseDelayMs: number;
  /** No delay is longer than this, except a `RateLimited` error's own `retryAfterMs`. */
  readonly maxDelayMs: number;
}

/** 5 tries, 100 ms base, 30 s cap. */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 30_000 };

/** A source of uniform numbers in [0, 1); injectable so tests are deterministic. */
export type Random = () => number;

/**
 * The delay in ms before the next try, after try number `attempt` (1-based)
 * failed with `error`; `undefined` means give up: the error is not transient,
 * or the attempts are used up. A `RateLimited` error waits at least its
 * `retryAfterMs`, even beyond `maxDelayMs`, since trying earlier is refused.
 */
export function nextRetryDelay(
  policy: RetryPolicy,
  attempt: number,
  error: { readonly _tag: string; readonly retryAfterMs?: number },
  random: Random = Math.random,
): number | undefined {
  if (!isTransient(error) || attempt >= policy.maxAttempts) return undefined;
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const jittered = Math.floor(random() * Math.min(policy.maxDelayMs, exponential));
  if (error._tag === "RateLimited" && typeof error.retryAfterMs === "number") {
    return Math.max(jittered, Math.ceil(error.retryAfterMs));
  }
  return jittered;
}

/** What `retry` needs from outside: time, and optionally randomness. */
export interface RetryDeps {
  readonly clock: Clock;
  readonly random?: Random;
  /** Told before each wait; for logs and metrics. */
  readonly onRetry?: (info: { readonly attempt: number; readonly delayMs: number; readonly error: unknown }) => void;
}

/**
 * Runs `operation` until it succeeds, fails with a permanent error, or uses up
 * `policy.maxAttempts`; answers its last Result. `operation` receives the
 * 1-based try number. Waits come from the Clock, so a fake clock drives them.
 */
export function retry<T, E extends { readonly _tag: string }>(
  operation: (attempt: number) => ResultAsync<T, E>,
  policy: RetryPolicy,
  deps: RetryDeps,
): ResultAsync<T, E> {
  const random = deps.random ?? Math.random;
  const run = async (attempt: number): Promise<Result<T, E>> => {
    const result = await operation(attempt);
    if (result.isOk()) return result;
    const delayMs = nextRetryDelay(policy, attempt, result.error, random);
    if (delayMs === undefined) return result;
    deps.onRetry?.({ attempt, delayMs, error: result.error });
    await deps.clock.sleep(delayMs);
    return run(attempt + 1);
  };
  return new ResultAsync(run(1));
}
