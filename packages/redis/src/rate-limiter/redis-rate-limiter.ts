import {
  type Clock,
  err,
  type Logger,
  type Metrics,
  ok,
  okAsync,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimiterError,
  type Result,
  type ResultAsync,
  type ValidationError,
} from "@hexkit/core";
import { z } from "zod";
import type { RedisClient } from "../client/create-redis-client.js";
import { systemClock } from "../client/system-clock.js";
import { validateOptions } from "../validate-options.js";
import { fixedWindowScript } from "./fixed-window-script.js";
import { InsuranceLimiter } from "./insurance-limiter.js";

/** Options of `createRedisRateLimiter`. */
export const RedisRateLimiterOptions = z.object({
  /** Prepended to every window key, e.g. `myapp:rl:`. */
  keyPrefix: z.string().default("hexkit:rl:"),
  /** Points per window for keys consumed without their own `policy`. */
  points: z.number().positive(),
  /** Window length in ms. */
  durationMs: z.number().int().positive(),
  /**
   * Where "now" comes from. `redis` (default): the server's `TIME`, one clock
   * for every process. `clock`: the injected Clock (tests with a fake clock;
   * processes' clocks must then be in sync, since skew shifts windows).
   */
  timeSource: z.enum(["redis", "clock"]).default("redis"),
  /**
   * While Redis is down or slow: `closed` answers the error (`Unavailable` /
   * `Timeout`), so callers refuse; `open` answers from an in-process
   * insurance limiter instead, so traffic keeps flowing under a looser limit.
   */
  failureMode: z.enum(["closed", "open"]).default("closed"),
  /** Share (0, 1] of the points each process's insurance limiter allows, e.g. 1/N for N processes. */
  insuranceFraction: z.number().gt(0).max(1).default(1),
  /** Windows the insurance limiter keeps at most (oldest dropped first). */
  insuranceMaxKeys: z.number().int().positive().default(10_000),
});

/** What callers may pass to `createRedisRateLimiter`. */
export type RedisRateLimiterOptionsInput = z.input<typeof RedisRateLimiterOptions>;

/** What the rate limiter needs from outside. */
export interface RedisRateLimiterDeps {
  /** Time for `timeSource: "clock"` and for the insurance limiter; default the system clock. */
  readonly clock?: Clock;
  /** Told when the limiter falls back to its insurance limiter. */
  readonly logger?: Logger;
  /** Records `hexkit_rate_limit_decisions_total{limiter,decision,source}`. */
  readonly metrics?: Metrics;
  /** The `limiter` label (default `redis`). */
  readonly name?: string;
}

/**
 * A fixed-window RateLimiter shared by every process that uses the same
 * Redis and key prefix. Each consume is one atomic Lua script (EVALSHA with
 * an EVAL fallback) with the same semantics as core's `consumeFixedWindow`,
 * so it is exact under any concurrency across processes: with `points: 10`,
 * exactly 10 concurrent consumes of cost 1 are allowed in a window. A
 * `Timeout` means the consume may or may not have been counted.
 */
export function createRedisRateLimiter(
  client: RedisClient,
  options: RedisRateLimiterOptionsInput,
  deps: RedisRateLimiterDeps = {},
): Result<RateLimiter, ValidationError> {
  const config = validateOptions(RedisRateLimiterOptions, options, "redisRateLimiter");
  if (config.isErr()) return err(config.error);
  const c = config.value;
  const clock = deps.clock ?? systemClock;
  const insurance = c.failureMode === "open" ? new InsuranceLimiter(clock, c.insuranceFraction, c.insuranceMaxKeys) : undefined;
  const limiterLabel = deps.name ?? "redis";
  const decisions = deps.metrics?.counter({
    name: "hexkit_rate_limit_decisions_total",
    help: "Rate-limit decisions by outcome (allowed, refused, error) and by who decided (redis, insurance).",
    labelNames: ["limiter", "decision", "source"],
  });
  let fallingBack = false;

  const consume = (key: string, opts: Parameters<RateLimiter["consume"]>[1]): ResultAsync<RateLimitDecision, RateLimiterError> => {
    const policy = opts?.policy ?? { points: c.points, durationMs: c.durationMs };
    const cost = Math.max(0, opts?.cost ?? 1);
    const now = c.timeSource === "clock" ? String(Math.floor(clock.now())) : "";
    const grace = c.timeSource === "clock" ? policy.durationMs : 0;
    return client
      .run("rateLimiter.consume", (conn) =>
        fixedWindowScript.run(conn, [c.keyPrefix + key], [policy.points, policy.durationMs, cost, now, grace]),
      )
      .map((reply): RateLimitDecision => {
        const [allowed, remaining, resetMs] = reply as [number, string, string];
        const reset = Number(resetMs);
        fallingBack = false;
        decisions?.inc({ limiter: limiterLabel, decision: allowed === 1 ? "allowed" : "refused", source: "redis" });
        return { allowed: allowed === 1, limit: policy.points, remaining: Number(remaining), resetMs: reset, retryAfterMs: allowed === 1 ? 0 : reset };
      })
      .orElse((error) => {
        if (insurance === undefined) {
          decisions?.inc({ limiter: limiterLabel, decision: "error", source: "redis" });
          return err(error);
        }
        if (!fallingBack) {
          fallingBack = true;
          deps.logger?.warn("rate limiter falls back to its in-process insurance limiter", { limiter: limiterLabel, err: error });
        }
        const decision = insurance.consume(key, policy, cost);
        decisions?.inc({ limiter: limiterLabel, decision: decision.allowed ? "allowed" : "refused", source: "insurance" });
        return okAsync(decision);
      });
  };

  const limiter: RateLimiter = {
    consume,
    reset: (key) => {
      insurance?.reset(key);
      return client.run("rateLimiter.reset", (conn) => conn.del(c.keyPrefix + key)).map(() => undefined);
    },
  };
  return ok(limiter);
}
