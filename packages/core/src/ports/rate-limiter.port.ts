import type { Timeout, Unavailable } from "../errors.js";
import type { ResultAsync } from "../result.js";

/**
 * Rate limiting, as a port: fixed windows of `durationMs` holding `points`.
 * The window for a key starts at its first consume. Consuming is exact under
 * concurrency: with `points: 10`, any number of concurrent consumes of cost 1
 * in one window allows exactly 10.
 */
export interface RateLimitPolicy {
  readonly points: number;
  readonly durationMs: number;
}

/** What one `consume` decided. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** The window's points (the policy's `points`). */
  readonly limit: number;
  /** Points left in this window after this consume (0 when refused). */
  readonly remaining: number;
  /** Milliseconds until the window resets. */
  readonly resetMs: number;
  /** 0 when allowed; else milliseconds until `cost` points are available. */
  readonly retryAfterMs: number;
}

export interface ConsumeOptions {
  /** Points this call uses (default 1). */
  readonly cost?: number;
  /** A policy for this key instead of the limiter's default (e.g. per-endpoint limits). */
  readonly policy?: RateLimitPolicy;
}

export interface RateLimiter {
  /** Takes `cost` points from `key`'s window, if it has them. A refused call takes nothing. */
  consume(key: string, options?: ConsumeOptions): ResultAsync<RateLimitDecision, RateLimiterError>;
  /** Forgets `key`'s window. */
  reset(key: string): ResultAsync<void, RateLimiterError>;
}

export type RateLimiterError = Unavailable | Timeout;
