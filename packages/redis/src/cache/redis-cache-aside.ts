import { randomUUID } from "node:crypto";
import {
  type CacheAside,
  type Clock,
  createCacheAside,
  err,
  type GetOrSetOptions,
  type HealthCheck,
  type Lock,
  type Logger,
  type Metrics,
  ok,
  type Random,
  type Result,
  type ResultAsync,
  type ValidationError,
} from "@hexkit/core";
import { z } from "zod";
import type { RedisClient } from "../client/create-redis-client.js";
import { systemClock } from "../client/system-clock.js";
import { createRedisLock } from "../lock/redis-lock.js";
import { validateOptions } from "../validate-options.js";
import { cacheAsideObserver } from "./cache-aside-events.js";
import { createRedisCache, type RedisCache } from "./redis-cache.js";
import { createTieredCache } from "./tiered-cache.js";
import { createWarmUpTracker, type WarmUpReport } from "./warm-up.js";

/** Options of `createRedisCacheAside`. */
export const RedisCacheAsideOptions = z.object({
  /** Prefix of every key: entries under `<prefix>v:`, tags `<prefix>t:`, fill locks `<prefix>l:`. */
  keyPrefix: z.string().default("hexkit:cache:"),
  /** The `cache` label of metrics, and the warm-up check's name prefix. */
  name: z.string().min(1).default("redis"),
  /**
   * The in-process L1 tier, kept coherent across instances by pub/sub
   * invalidation; `false` (default) for Redis only.
   */
  l1: z
    .union([
      z.literal(false),
      z.object({
        /** Entries kept at most per process (least recently used dropped first). */
        maxEntries: z.number().int().positive().default(10_000),
        /** Longest time (ms) a copy is used without asking Redis: the staleness bound if invalidations are lost. */
        ttlMs: z.number().int().positive().default(5_000),
      }),
    ])
    .default(false),
  /** Keys loaded at once by `warm`. */
  warmUpConcurrency: z.number().int().positive().default(16),
  /** Readiness stays `Unavailable` until the first `warm` has finished (for services that must not serve cold). */
  requireWarmUp: z.boolean().default(false),
  /** Members a tag invalidation pops per round trip. */
  invalidateBatchSize: z.number().int().positive().default(500),
});

/** What callers may pass to `createRedisCacheAside`. */
export type RedisCacheAsideOptionsInput = z.input<typeof RedisCacheAsideOptions>;

/** What cache-aside needs from outside. */
export interface RedisCacheAsideDeps {
  /** Freshness, lock waits, L1 expiry; default the system clock. */
  readonly clock?: Clock;
  /** Cache and cache-aside metrics (see the README for names). */
  readonly metrics?: Metrics;
  /** Cache and decode errors are logged at warn. */
  readonly logger?: Logger;
  /** Drives TTL jitter; default `Math.random`. */
  readonly random?: Random;
}

/** Cache-aside on Redis across processes, with its cache, lock, warm-up and readiness. */
export interface RedisCacheAside extends CacheAside {
  /** The cache behind it (with the L1 tier when enabled): invalidate through this, so every L1 hears of it. */
  readonly cache: RedisCache;
  /** The L1 tier's state, when enabled: entries held, and whether it is in use (subscription confirmed). */
  readonly l1: { size(): number; active(): boolean } | undefined;
  /** The lock used for cross-process single-flight. */
  readonly lock: Lock;
  /**
   * Loads `keys` through `getOrSet` (at most `warmUpConcurrency` at once),
   * so they are cached before traffic arrives. Never fails: failed keys are
   * in the report and stay cold.
   */
  warm<T, E>(keys: readonly string[], load: (key: string) => ResultAsync<T, E>, options: GetOrSetOptions<T>): ResultAsync<WarmUpReport, never>;
  /** `Unavailable` while a warm-up runs (and, with `requireWarmUp`, until one finished). */
  readonly readiness: HealthCheck;
  /** Stops listening for L1 invalidations. Idempotent; the client stays open. */
  close(): void;
}

/**
 * Core's `createCacheAside` on Redis: the Redis cache (optionally behind a
 * coherent L1 tier) and the Redis lock, so that concurrent misses of one key
 * in N processes cause one load (best effort: see core's guarantees — a lock
 * that expires mid-load, or a waiter that gives up after `waitMs`, can still
 * cause a second). Stale-while-revalidate, TTL jitter and negative caching
 * come from core; the cache never fails a call (Redis down = load directly).
 */
export function createRedisCacheAside(
  client: RedisClient,
  options: RedisCacheAsideOptionsInput = {},
  deps: RedisCacheAsideDeps = {},
): Result<RedisCacheAside, ValidationError> {
  const config = validateOptions(RedisCacheAsideOptions, options, "redisCacheAside");
  if (config.isErr()) return err(config.error);
  const c = config.value;
  const clock = deps.clock ?? systemClock;
  const channel = `${c.keyPrefix}invalidate`;

  const redisCache = createRedisCache(
    client,
    { keyPrefix: c.keyPrefix, name: c.name, invalidateBatchSize: c.invalidateBatchSize },
    { ...(deps.metrics && { metrics: deps.metrics }), ...(c.l1 !== false && { invalidation: { channel, origin: randomUUID() } }) },
  );
  if (redisCache.isErr()) return err(redisCache.error);
  const lock = createRedisLock(client, { keyPrefix: `${c.keyPrefix}l:` });
  if (lock.isErr()) return err(lock.error);

  const tiered =
    c.l1 === false
      ? undefined
      : createTieredCache({ client, redis: redisCache.value, channel, clock, name: c.name, ...(deps.metrics && { metrics: deps.metrics }) }, c.l1);
  const cache: RedisCache = tiered ?? redisCache.value;
  const onEvent = cacheAsideObserver(c.name, deps.metrics, deps.logger);
  const aside = createCacheAside({
    cache,
    clock,
    lock: lock.value,
    ...(deps.random && { random: deps.random }),
    ...(onEvent && { onEvent }),
  });
  const warmUp = createWarmUpTracker(c.name, clock, c.requireWarmUp);

  const result: RedisCacheAside = {
    getOrSet: (key, load, getOptions) => aside.getOrSet(key, load, getOptions),
    cache,
    l1: tiered && { size: () => tiered.l1Size(), active: () => tiered.l1Active() },
    lock: lock.value,
    warm: (keys, load, getOptions) => warmUp.run(keys, (key) => aside.getOrSet(key, () => load(key), getOptions), c.warmUpConcurrency),
    readiness: warmUp.readiness,
    close: () => {
      tiered?.close();
    },
  };
  return ok(result);
}
