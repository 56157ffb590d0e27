import { consumeFixedWindow } from "@hexkit/core";
import { createFakeClock } from "@hexkit/testing";
import { describe, expect, it } from "vitest";
import { InsuranceLimiter } from "../src/rate-limiter/insurance-limiter.js";

describe("Insurance limiter", () => {
  it("decides like consumeFixedWindow on its share of the points", async () => {
    const clock = createFakeClock();
    const limiter = new InsuranceLimiter(clock, 0.5, 100);
    const policy = { points: 6, durationMs: 1_000 };
    const decisions = [limiter.consume("k", policy, 1), limiter.consume("k", policy, 2), limiter.consume("k", policy, 1)];
    const first = consumeFixedWindow(undefined, { points: 3, durationMs: 1_000 }, clock.now(), 1);
    expect(decisions[0]).toEqual(first.decision);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
    await clock.advance(1_000);
    expect(limiter.consume("k", policy, 3).allowed).toBe(true);
  });

  it("keeps at least one point however small the share", () => {
    const limiter = new InsuranceLimiter(createFakeClock(), 0.01, 100);
    expect(limiter.consume("k", { points: 10, durationMs: 1_000 }, 1)).toMatchObject({ allowed: true, limit: 1 });
  });

  it("forgets the oldest window beyond maxKeys", () => {
    const limiter = new InsuranceLimiter(createFakeClock(), 1, 2);
    const policy = { points: 1, durationMs: 60_000 };
    limiter.consume("a", policy, 1);
    limiter.consume("b", policy, 1);
    limiter.consume("c", policy, 1);
    expect(limiter.consume("a", policy, 1).allowed).toBe(true);
    expect(limiter.consume("c", policy, 1).allowed).toBe(false);
  });
});
