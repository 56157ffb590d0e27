import { type CacheError, type Clock, type Metrics, okAsync, type ResultAsync } from "@hexkit/core";
import type { RedisClient } from "../client/create-redis-client.js";
import { createCacheMetrics } from "./cache-metrics.js";
import { parseInvalidation } from "./invalidation-message.js";
import { L1Store } from "./l1-store.js";
import type { CacheRead, RedisCache } from "./redis-cache.js";

/** Settings of the L1 tier. */
export interface L1Settings {
  /** Entries kept at most, least recently used dropped first. */
  readonly maxEntries: number;
  /** An L1 copy is used for at most this long (ms), and never past the Redis entry's TTL. */
  readonly ttlMs: number;
}

/** What the tier needs. */
export interface TieredCacheDeps {
  readonly client: RedisClient;
  readonly redis: RedisCache;
  /** The channel `redis` publishes changed keys on. */
  readonly channel: string;
  readonly clock: Clock;
  readonly metrics?: Metrics;
  readonly name: string;
}

/** The tiered cache, plus the means to stop listening. */
export interface TieredCache extends RedisCache {
  /** Entries in the L1 tier now (for tests and gauges). */
  l1Size(): number;
  /** True while L1 is in use (the invalidation subscription is confirmed). */
  l1Active(): boolean;
  /** Stops listening for invalidations and empties L1. */
  close(): void;
}

/**
 * A Cache with an in-process L1 tier in front of Redis, kept coherent across
 * instances: every write, delete and invalidation in any instance publishes
 * the keys it changed (in the same Lua script as the change), and every
 * instance drops those keys from its L1 when the message arrives.
 *
 * Coherence rules, and why they are safe:
 * - L1 is used only while this instance's subscription is confirmed; when the
 *   subscriber connection drops, L1 is emptied and bypassed until it is back
 *   (messages in between may be lost).
 * - A read fills L1 only if no invalidation of that key (or of everything)
 *   arrived while it was in flight (generation numbers), so a late reply
 *   cannot put back an old value.
 * - Writes go to Redis and drop the local copy; L1 is filled by reads only.
 * - An L1 copy never outlives `ttlMs` nor the Redis entry's own TTL.
 * So another instance serves an old value for at most the pub/sub delivery
 * delay (about one round trip) while connected, and never longer than the
 * L1 `ttlMs` in any case.
 */
export function createTieredCache(deps: TieredCacheDeps, l1Settings: L1Settings): TieredCache {
  const { redis, clock } = deps;
  const l1 = new L1Store(clock, l1Settings.maxEntries);
  const m = createCacheMetrics(deps.metrics, deps.name);
  let active = false;
  // Every invalidation gets the next generation; `touched` remembers the last
  // one per key, and `floor` the last one that concerned every key. A read
  // that started at generation g may fill only if nothing it read was touched after g.
  let generation = 0;
  let floor = 0;
  const touched = new Map<string, number>();
  const maxTouched = Math.max(1_000, l1Settings.maxEntries);

  const dropAll = (): void => {
    floor = ++generation;
    touched.clear();
    l1.clear();
  };
  const evict = (keys: readonly string[]): void => {
    generation++;
    // Bounded memory: forgetting per-key history is safe if it counts as touching every key.
    if (touched.size + keys.length > maxTouched) {
      touched.clear();
      floor = generation;
    }
    for (const key of keys) {
      l1.delete(key);
      touched.set(key, generation);
    }
  };
  const unsubscribe = deps.client.subscribe(deps.channel, {
    onMessage: (text) => {
      const message = parseInvalidation(text);
      if (message === undefined) dropAll();
      else evict(message.keys);
    },
    onActive: () => {
      dropAll();
      active = true;
    },
    onInactive: () => {
      active = false;
      dropAll();
    },
  });

  const fill = (key: string, read: CacheRead, startedAt: number): void => {
    if (!active || read.value === undefined || startedAt < floor || (touched.get(key) ?? 0) > startedAt) return;
    l1.set(key, read.value, Math.min(l1Settings.ttlMs, read.ttlMs ?? l1Settings.ttlMs));
  };

  const getMany = (keys: readonly string[]): ResultAsync<readonly (string | undefined)[], CacheError> => {
    const out: (string | undefined)[] = new Array<string | undefined>(keys.length);
    const missing: number[] = [];
    if (active) {
      keys.forEach((key, i) => {
        const hit = l1.get(key);
        if (hit === undefined) missing.push(i);
        else out[i] = hit;
      });
    } else keys.forEach((_, i) => missing.push(i));
    m?.hits("l1", keys.length - missing.length);
    m?.misses("l1", missing.length);
    if (missing.length === 0) return okAsync(out);
    const startedAt = generation;
    return redis.getEntries(missing.map((i) => keys[i] ?? "")).map((reads) => {
      reads.forEach((read, j) => {
        const i = missing[j] ?? 0;
        out[i] = read.value;
        fill(keys[i] ?? "", read, startedAt);
      });
      return out;
    });
  };

  return {
    keyPrefix: redis.keyPrefix,
    get: (key) => {
      if (active) {
        const hit = l1.get(key);
        if (hit !== undefined) {
          m?.hits("l1", 1);
          return okAsync(hit);
        }
      }
      return getMany([key]).map((values) => values[0]);
    },
    getMany,
    getEntries: (keys) => redis.getEntries(keys),
    set: (key, value, ttlMs, options) => {
      evict([key]);
      return redis.set(key, value, ttlMs, options).andTee(() => {
        evict([key]);
      });
    },
    setMany: (entries) => {
      const keys = entries.map((e) => e.key);
      evict(keys);
      return redis.setMany(entries).andTee(() => {
        evict(keys);
      });
    },
    delete: (key) => {
      evict([key]);
      return redis.delete(key).andTee(() => {
        evict([key]);
      });
    },
    // The removed keys come back on the channel, to this instance as well.
    invalidateTags: (tags) => redis.invalidateTags(tags),
    invalidatePrefix: (prefix) => {
      floor = ++generation;
      l1.deletePrefix(prefix);
      return redis.invalidatePrefix(prefix);
    },
    l1Size: () => l1.size,
    l1Active: () => active,
    close: () => {
      unsubscribe();
      active = false;
      dropAll();
    },
  };
}
