import { ok, type RateLimitDecision, type RateLimiter, type RateLimitPolicy } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { type ContractHarness, useHarness } from "./harness.js";
import { satisfying } from "./matchers.js";

/** The default policy the rate-limiter contract asks its setup to configure: 3 points per 200 ms. */
export const rateLimiterContractPolicy: RateLimitPolicy = { points: 3, durationMs: 200 };

/** Builds a fresh, isolated limiter whose default policy is `options.policy`. Called before each test. */
export type RateLimiterContractSetup = (options: {
  readonly policy: RateLimitPolicy;
}) => Promise<ContractHarness<RateLimiter>>;

const allowed = (limit: number, remaining: number, windowMs: number): unknown => ({
  allowed: true,
  limit,
  remaining,
  resetMs: satisfying((ms: number) => ms > 0 && ms <= windowMs),
  retryAfterMs: 0,
});

const refused = (limit: number, remaining: number, windowMs: number): unknown => ({
  allowed: false,
  limit,
  remaining,
  resetMs: satisfying((ms: number) => ms > 0 && ms <= windowMs),
  retryAfterMs: satisfying((ms: number) => ms > 0 && ms <= windowMs),
});

/**
 * The RateLimiter port's specification, as tests: fixed windows of
 * `durationMs` holding `points`, starting at a key's first consume.
 *
 * Guarantees checked: exactly `points` are allowed per window and the next is
 * refused with `retryAfterMs > 0`; `remaining` counts down; a refused consume
 * takes nothing; the window resets after `durationMs`; `cost > 1`; a per-call
 * policy overrides the default; `reset(key)`; keys are independent; and
 * consuming is EXACT under concurrency (50 concurrent consumes with 10 points
 * allow exactly 10).
 */
export function rateLimiterContract(adapterName: string, setup: RateLimiterContractSetup): void {
  describe(`RateLimiter contract: ${adapterName}`, () => {
    const policy = rateLimiterContractPolicy;
    const harness = useHarness(() => setup({ policy }));
    const limiter = (): RateLimiter => harness().subject;
    const consumeAll = async (key: string, n: number): Promise<RateLimitDecision[]> => {
      const out: RateLimitDecision[] = [];
      for (let i = 0; i < n; i++) out.push((await limiter().consume(key))._unsafeUnwrap());
      return out;
    };

    it("allows exactly `points` consumes in a window, counting `remaining` down", async () => {
      expect(await limiter().consume("k")).toEqual(ok(allowed(3, 2, policy.durationMs)));
      expect(await limiter().consume("k")).toEqual(ok(allowed(3, 1, policy.durationMs)));
      expect(await limiter().consume("k")).toEqual(ok(allowed(3, 0, policy.durationMs)));
    });

    it("refuses the consume after the last point, with retryAfterMs > 0", async () => {
      await consumeAll("k", 3);
      expect(await limiter().consume("k")).toEqual(ok(refused(3, 0, policy.durationMs)));
      expect(await limiter().consume("k")).toEqual(ok(refused(3, 0, policy.durationMs)));
    });

    it("allows a full window again after durationMs passes", async () => {
      await consumeAll("k", 4);
      await harness().advance(policy.durationMs + 100);
      expect(await limiter().consume("k")).toEqual(ok(allowed(3, 2, policy.durationMs)));
    });

    it("takes `cost` points at once", async () => {
      expect(await limiter().consume("k", { cost: 2 })).toEqual(ok(allowed(3, 1, policy.durationMs)));
      expect(await limiter().consume("k", { cost: 2 })).toEqual(ok(refused(3, 1, policy.durationMs)));
    });

    it("takes nothing on a refused consume", async () => {
      await limiter().consume("k", { cost: 2 });
      await limiter().consume("k", { cost: 2 });
      expect(await limiter().consume("k")).toEqual(ok(allowed(3, 0, policy.durationMs)));
    });

    it("refuses a cost larger than the policy's points", async () => {
      expect(await limiter().consume("k", { cost: 4 })).toEqual(ok(refused(3, 3, policy.durationMs)));
      expect(await limiter().consume("k")).toEqual(ok(allowed(3, 2, policy.durationMs)));
    });

    it("applies a per-call policy instead of the default", async () => {
      const strict: RateLimitPolicy = { points: 1, durationMs: 10_000 };
      expect(await limiter().consume("strict", { policy: strict })).toEqual(ok(allowed(1, 0, 10_000)));
      expect(await limiter().consume("strict", { policy: strict })).toEqual(ok(refused(1, 0, 10_000)));
      expect(await limiter().consume("default")).toEqual(ok(allowed(3, 2, policy.durationMs)));
    });

    it("keeps a per-call policy's window for its own duration", async () => {
      const long: RateLimitPolicy = { points: 1, durationMs: 10_000 };
      await limiter().consume("long", { policy: long });
      await harness().advance(policy.durationMs + 100);
      expect(await limiter().consume("long", { policy: long })).toEqual(ok(refused(1, 0, 10_000)));
    });

    it("gives a full window again after reset(key)", async () => {
      await consumeAll("k", 3);
      expect(await limiter().reset("k")).toEqual(ok(undefined));
      expect(await limiter().consume("k")).toEqual(ok(allowed(3, 2, policy.durationMs)));
    });

    it("succeeds when resetting a key never consumed", async () => {
      expect(await limiter().reset("never")).toEqual(ok(undefined));
    });

    it("keeps keys independent", async () => {
      await consumeAll("a", 3);
      expect(await limiter().consume("b")).toEqual(ok(allowed(3, 2, policy.durationMs)));
      await limiter().reset("b");
      expect(await limiter().consume("a")).toEqual(ok(refused(3, 0, policy.durationMs)));
    });

    it("allows exactly `points` of 50 concurrent consumes", async () => {
      const wide: RateLimitPolicy = { points: 10, durationMs: 10_000 };
      const results = await Promise.all(Array.from({ length: 50 }, () => limiter().consume("hot", { policy: wide })));
      const decisions = results.map((r) => r._unsafeUnwrap());
      const granted = decisions.filter((d) => d.allowed);
      expect(granted).toHaveLength(10);
      expect(granted.map((d) => d.remaining).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it("stays exact under concurrency when each consume costs several points", async () => {
      const wide: RateLimitPolicy = { points: 10, durationMs: 10_000 };
      const results = await Promise.all(
        Array.from({ length: 20 }, () => limiter().consume("hot", { policy: wide, cost: 3 })),
      );
      expect(results.filter((r) => r._unsafeUnwrap().allowed)).toHaveLength(3);
      expect(await limiter().consume("hot", { policy: wide })).toEqual(ok(allowed(10, 0, 10_000)));
    });
  });
}
