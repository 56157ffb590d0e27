import { consumeFixedWindow, type RateLimitDecision, type WindowState } from "@hexkit/core";
import { createRecordingMetrics } from "@hexkit/memory";
import { createFakeClock } from "@hexkit/testing";
import { describe, expect, it } from "vitest";
import { createRedisRateLimiter } from "../src/index.js";
import { deletePrefix, testClient, testPrefix } from "./helpers/redis-env.js";

describe("Redis rate limiter", () => {
  it("allows exactly `points` of concurrent consumes from 6 instances on separate connections", async () => {
    const prefix = testPrefix("rl-many");
    const clients = Array.from({ length: 6 }, () => testClient());
    try {
      const limiters = clients.map((c) => createRedisRateLimiter(c, { keyPrefix: prefix, points: 25, durationMs: 60_000 })._unsafeUnwrap());
      const results = await Promise.all(limiters.flatMap((l) => Array.from({ length: 30 }, () => l.consume("shared"))));
      const decisions = results.map((r) => r._unsafeUnwrap());
      const granted = decisions.filter((d) => d.allowed);
      expect(granted).toHaveLength(25);
      expect(granted.map((d) => d.remaining).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await deletePrefix(prefix);
    }
  });

  it("decides exactly as core's consumeFixedWindow for the same sequence of times and costs", async () => {
    const prefix = testPrefix("rl-mirror");
    const client = testClient();
    const clock = createFakeClock();
    try {
      const policy = { points: 5, durationMs: 1_000 };
      const limiter = createRedisRateLimiter(client, { keyPrefix: prefix, ...policy, timeSource: "clock" }, { clock })._unsafeUnwrap();
      let state: WindowState | undefined;
      const steps: [number, number][] = [[0, 1], [100, 2], [50, 3], [10, 2], [300, 1], [539, 1], [1, 1], [200, 6], [999, 5], [1_000, 0], [0, 5]];
      const actual: RateLimitDecision[] = [];
      const expected: RateLimitDecision[] = [];
      for (const [advance, cost] of steps) {
        await clock.advance(advance);
        const outcome = consumeFixedWindow(state, policy, clock.now(), cost);
        state = outcome.state;
        expected.push(outcome.decision);
        actual.push((await limiter.consume("k", { cost }))._unsafeUnwrap());
      }
      expect(actual).toEqual(expected);
    } finally {
      await client.close();
      await deletePrefix(prefix);
    }
  });

  it("counts decisions by outcome and source through the Metrics port", async () => {
    const prefix = testPrefix("rl-metrics");
    const client = testClient();
    const metrics = createRecordingMetrics();
    try {
      const limiter = createRedisRateLimiter(client, { keyPrefix: prefix, points: 1, durationMs: 60_000 }, { metrics, name: "api" })._unsafeUnwrap();
      await limiter.consume("k");
      await limiter.consume("k");
      const count = (decision: string) => metrics.value("hexkit_rate_limit_decisions_total", { limiter: "api", decision, source: "redis" });
      expect([count("allowed"), count("refused")]).toEqual([1, 1]);
    } finally {
      await client.close();
      await deletePrefix(prefix);
    }
  });
});
