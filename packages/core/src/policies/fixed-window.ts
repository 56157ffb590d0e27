import type { RateLimitDecision, RateLimitPolicy } from "../ports/rate-limiter.port.js";

/**
 * The fixed-window rate-limit decision, pure: given a key's window (or none),
 * the policy, the time and the cost, the new window and the decision. Every
 * RateLimiter adapter that keeps state itself (memory, a Lua script's mirror
 * in tests) computes the same answers from this function.
 */
export interface WindowState {
  /** Epoch ms when the window started (the first consume in it). */
  readonly windowStart: number;
  /** Points used in the window. */
  readonly used: number;
}

/** The result of one consume: the window to keep, and what was decided. */
export interface WindowOutcome {
  readonly state: WindowState;
  readonly decision: RateLimitDecision;
}

/**
 * Takes `cost` points if the window has them; a refused consume takes
 * nothing. A window that has ended (or none) starts afresh at `now`. A cost
 * larger than the policy's points is refused with `retryAfterMs` set to the
 * window's end: it can never be granted, and that is the honest earliest time.
 */
export function consumeFixedWindow(
  state: WindowState | undefined,
  policy: RateLimitPolicy,
  now: number,
  cost: number,
): WindowOutcome {
  const current =
    state === undefined || now >= state.windowStart + policy.durationMs ? { windowStart: now, used: 0 } : state;
  const resetMs = Math.max(0, current.windowStart + policy.durationMs - now);
  if (current.used + cost <= policy.points) {
    const next = { windowStart: current.windowStart, used: current.used + cost };
    return {
      state: next,
      decision: { allowed: true, limit: policy.points, remaining: policy.points - next.used, resetMs, retryAfterMs: 0 },
    };
  }
  return {
    state: current,
    decision: { allowed: false, limit: policy.points, remaining: Math.max(0, policy.points - current.used), resetMs, retryAfterMs: resetMs },
  };
}
