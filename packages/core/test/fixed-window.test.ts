import { describe, expect, it } from "vitest";
import { type RateLimitPolicy, type WindowState, consumeFixedWindow } from "../src/index.js";

const policy: RateLimitPolicy = { points: 3, durationMs: 1_000 };

describe("consumeFixedWindow", () => {
  it("starts a window at the first consume", () => {
    expect(consumeFixedWindow(undefined, policy, 5_000, 1)).toEqual({
      state: { windowStart: 5_000, used: 1 },
      decision: { allowed: true, limit: 3, remaining: 2, resetMs: 1_000, retryAfterMs: 0 },
    });
  });

  it("allows exactly `points` in one window and refuses the next, taking nothing", () => {
    let state: WindowState | undefined;
    const allowed: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const outcome = consumeFixedWindow(state, policy, 5_000 + i * 100, 1);
      state = outcome.state;
      allowed.push(outcome.decision.allowed);
    }
    expect(allowed).toEqual([true, true, true, false, false]);
    expect(state).toEqual({ windowStart: 5_000, used: 3 });
    expect(consumeFixedWindow(state, policy, 5_400, 1).decision).toEqual({
      allowed: false,
      limit: 3,
      remaining: 0,
      resetMs: 600,
      retryAfterMs: 600,
    });
  });

  it("takes `cost` points and refuses a cost larger than what is left", () => {
    const first = consumeFixedWindow(undefined, policy, 0, 2);
    expect(first.decision.remaining).toBe(1);
    const refused = consumeFixedWindow(first.state, policy, 100, 2);
    expect(refused).toEqual({
      state: { windowStart: 0, used: 2 },
      decision: { allowed: false, limit: 3, remaining: 1, resetMs: 900, retryAfterMs: 900 },
    });
  });

  it("starts a new window once the old one has ended", () => {
    const full: WindowState = { windowStart: 0, used: 3 };
    expect(consumeFixedWindow(full, policy, 999, 1).decision.allowed).toBe(false);
    expect(consumeFixedWindow(full, policy, 1_000, 1)).toEqual({
      state: { windowStart: 1_000, used: 1 },
      decision: { allowed: true, limit: 3, remaining: 2, resetMs: 1_000, retryAfterMs: 0 },
    });
  });

  it("refuses a cost above the policy's points until the window's end", () => {
    expect(consumeFixedWindow(undefined, policy, 0, 4)).toEqual({
      state: { windowStart: 0, used: 0 },
      decision: { allowed: false, limit: 3, remaining: 3, resetMs: 1_000, retryAfterMs: 1_000 },
    });
  });
});
