import {
  type Clock,
  consumeFixedWindow,
  okAsync,
  type RateLimiter,
  type RateLimitPolicy,
  type WindowState,
} from "@hexkit/core";

/** Options for `createMemoryRateLimiter`. */
export interface MemoryRateLimiterOptions {
  /** The default policy; `consume` may pass another per call. */
  readonly policy: RateLimitPolicy;
  readonly clock: Clock;
  /** How often ended windows are swept, in ms. Default: the policy's `durationMs` (at least 1 000). */
  readonly sweepIntervalMs?: number;
}

/** The in-memory rate limiter: the RateLimiter port plus the number of keys it tracks. */
export interface MemoryRateLimiter extends RateLimiter {
  /** Keys with a window held (ended windows not yet swept included). */
  size(): number;
}

interface Tracked {
  readonly state: WindowState;
  readonly durationMs: number;
}

function checkPolicy(policy: RateLimitPolicy): void {
  if (!(policy.points > 0) || !(policy.durationMs > 0)) {
    throw new RangeError(`rate limit policy needs points > 0 and durationMs > 0, got ${JSON.stringify(policy)}`);
  }
}

/**
 * A fixed-window rate limiter for one process, deciding with core's
 * `consumeFixedWindow`. Exact under concurrency: each consume reads and writes
 * its window in one synchronous step. Ended windows are swept (at most once
 * per sweep interval, during a call), so memory stays bounded by the keys
 * active within one window. Never fails.
 */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions): MemoryRateLimiter {
  checkPolicy(options.policy);
  const { clock } = options;
  const sweepIntervalMs = options.sweepIntervalMs ?? Math.max(1_000, options.policy.durationMs);
  const windows = new Map<string, Tracked>();
  let nextSweepAt = clock.now() + sweepIntervalMs;

  const sweep = (now: number): void => {
    if (now < nextSweepAt) return;
    nextSweepAt = now + sweepIntervalMs;
    for (const [key, tracked] of windows) {
      if (now >= tracked.state.windowStart + tracked.durationMs) windows.delete(key);
    }
  };

  return {
    consume(key, consumeOptions) {
      const policy = consumeOptions?.policy ?? options.policy;
      const now = clock.now();
      sweep(now);
      const outcome = consumeFixedWindow(windows.get(key)?.state, policy, now, consumeOptions?.cost ?? 1);
      windows.set(key, { state: outcome.state, durationMs: policy.durationMs });
      return okAsync(outcome.decision);
    },
    reset(key) {
      windows.delete(key);
      return okAsync(undefined);
    },
    size: () => windows.size,
  };
}
