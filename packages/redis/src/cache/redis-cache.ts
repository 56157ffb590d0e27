import {
  type Cache,
  type CacheEntry,
  type CacheError,
  err,
  type Metrics,
  ok,
  okAsync,
  type Result,
  ResultAsync,
  type ValidationError,
} from "@hexkit/core";
import type { ChainableCommander } from "ioredis";
import { z } from "zod";
import type { RedisClient, RedisConnection } from "../client/create-redis-client.js";
import { validateOptions } from "../validate-options.js";
import { type CacheMetrics, createCacheMetrics } from "./cache-metrics.js";
import { deleteEntryScript, invalidateTagBatchScript, setEntryScript } from "./cache-scripts.js";
import { formatInvalidation } from "./invalidation-message.js";
import { cacheKeys, tagsRecord } from "./keys.js";

/** Options of `createRedisCache`. */
export const RedisCacheOptions = z.object({
  /** Prepended to every key this cache writes (one prefix per application and environment). */
  keyPrefix: z.string().default("hexkit:cache:"),
  /** The `cache` label of its metrics. */
  name: z.string().min(1).default("redis"),
  /** Members a tag invalidation pops per round trip (bounds how long one script runs). */
  invalidateBatchSize: z.number().int().positive().default(500),
  /** Keys a prefix invalidation asks SCAN for per round trip (its COUNT hint). */
  scanCount: z.number().int().positive().default(1_000),
});

/** What callers may pass to `createRedisCache`. */
export type RedisCacheOptionsInput = z.input<typeof RedisCacheOptions>;

/** What the cache needs from outside. */
export interface RedisCacheDeps {
  /** Hits, misses, errors and latency (see `createCacheMetrics` for the names). */
  readonly metrics?: Metrics;
  /**
   * When given, every write, delete and invalidation also publishes the keys
   * it changed on `channel` (inside the same Lua script where it can), as
   * `origin`. The L1 tier of `createRedisCacheAside` listens there.
   */
  readonly invalidation?: { readonly channel: string; readonly origin: string };
}

/** A value read together with its remaining TTL (ms; `undefined` for a miss). */
export interface CacheRead {
  readonly value: string | undefined;
  readonly ttlMs: number | undefined;
}

/** The Redis Cache: the port, plus admin-only prefix invalidation. */
export interface RedisCache extends Cache {
  /** The prefix every key of this cache starts with (to scope cleanup and monitoring). */
  readonly keyPrefix: string;
  /**
   * Removes every entry whose key starts with `prefix`; answers how many went.
   * Walks the whole keyspace with SCAN (never KEYS), so it costs O(all keys
   * in the database) round trips' worth of work and may miss entries written
   * while it runs: for admin tasks and rare bulk changes, not for requests.
   */
  invalidatePrefix(prefix: string): ResultAsync<number, CacheError>;
  /** Like `getMany`, with each entry's remaining TTL (GET + PTTL pipelined): for tiers that must not outlive it. */
  getEntries(keys: readonly string[]): ResultAsync<readonly CacheRead[], CacheError>;
}

const toVoid = (): undefined => undefined;
const orUndefined = (value: string | null): string | undefined => value ?? undefined;

function ttlOf(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}

async function execPipeline(pipeline: ChainableCommander): Promise<unknown[]> {
  const replies = await pipeline.exec();
  if (replies === null) throw new Error("pipeline aborted");
  return replies.map(([e, value]) => {
    if (e) throw e;
    return value;
  });
}

/**
 * A Cache on Redis. `get`/`set`/`delete` are one round trip each; `getMany`
 * and `setMany` are one pipelined round trip for any number of keys. TTLs are
 * in ms (`PX`) and enforced by Redis, so entries never outlive them.
 *
 * Tags: a tagged `set` also records the key in one set per tag (one Lua
 * script, atomic). `invalidateTags` costs O(members of each tag set): it pops
 * them in batches of `invalidateBatchSize` and deletes each entry that still
 * carries the tag, so it never scans the keyspace and never uses KEYS.
 *
 * Multi-key commands need all keys on one node: with Redis Cluster put a hash
 * tag in `keyPrefix` (e.g. `{myapp}:`), which places the cache on one shard.
 */
export function createRedisCache(
  client: RedisClient,
  options: RedisCacheOptionsInput = {},
  deps: RedisCacheDeps = {},
): Result<RedisCache, ValidationError> {
  const config = validateOptions(RedisCacheOptions, options, "redisCache");
  if (config.isErr()) return err(config.error);
  const c = config.value;
  const keys = cacheKeys(c.keyPrefix);
  const m: CacheMetrics | undefined = createCacheMetrics(deps.metrics, c.name);
  const channel = deps.invalidation?.channel ?? "";
  const origin = deps.invalidation?.origin ?? "";

  const call = <R, T = R>(
    operation: string,
    command: (conn: RedisConnection) => Promise<R>,
    map?: (reply: R) => T,
    onValue?: (value: T) => void,
  ): ResultAsync<T, CacheError> => {
    if (m === undefined) return client.run(operation, command, map);
    const started = performance.now();
    return new ResultAsync(
      Promise.resolve(
        client.run(operation, command, map).then<Result<T, CacheError>, never>((r) => {
          m.latency(operation, performance.now() - started);
          if (r.isErr()) m.error(operation, r.error._tag);
          else onValue?.(r.value);
          return r;
        }),
      ),
    );
  };

  const countOne = (value: string | undefined): void => {
    if (value === undefined) m?.misses("redis", 1);
    else m?.hits("redis", 1);
  };
  const countLookups = (values: readonly (string | null | undefined)[]): void => {
    let hits = 0;
    for (const v of values) if (v !== null && v !== undefined) hits++;
    m?.hits("redis", hits);
    m?.misses("redis", values.length - hits);
  };

  const setArgs = (entry: CacheEntry): { keys: string[]; args: string[] } => {
    const tags = entry.tags ?? [];
    return {
      keys: [keys.value(entry.key), keys.record(entry.key), ...tags.map((t) => keys.tagSet(t))],
      args: [entry.value, String(ttlOf(entry.ttlMs)), entry.key, tagsRecord(tags), channel, origin],
    };
  };

  const invalidateTag = async (conn: RedisConnection, tag: string): Promise<number> => {
    let removed = 0;
    for (;;) {
      const reply = (await invalidateTagBatchScript.run(
        conn,
        [keys.tagSet(tag)],
        [keys.value(""), keys.record(""), tagsRecord([tag]), c.invalidateBatchSize, channel, origin],
      )) as [number, number];
      removed += reply[0];
      // A short batch means the set was drained; entries tagged after that are newer than this call.
      if (reply[1] < c.invalidateBatchSize) return removed;
    }
  };

  const cache: RedisCache = {
    keyPrefix: c.keyPrefix,
    get: (key) => call("get", (conn) => conn.get(keys.value(key)), orUndefined, countOne),
    getMany: (list) => {
      if (list.length === 0) return okAsync([]);
      return call(
        "getMany",
        async (conn) => {
          const pipeline = conn.pipeline();
          for (const key of list) pipeline.get(keys.value(key));
          return (await execPipeline(pipeline)) as (string | null)[];
        },
        (values) => values.map(orUndefined),
        countLookups,
      );
    },
    set: (key, value, ttlMs, setOptions) => {
      const tags = setOptions?.tags;
      const { keys: k, args } = setArgs(tags === undefined ? { key, value, ttlMs } : { key, value, ttlMs, tags });
      return call("set", (conn) => setEntryScript.run(conn, k, args), toVoid);
    },
    setMany: (entries) => {
      if (entries.length === 0) return okAsync(undefined);
      return call("setMany", async (conn) => {
        // SCRIPT LOAD first, in the same pipeline, so the EVALSHAs after it cannot meet NOSCRIPT.
        const pipeline = conn.pipeline().script("LOAD", setEntryScript.lua);
        for (const entry of entries) {
          const { keys: k, args } = setArgs(entry);
          pipeline.evalsha(setEntryScript.sha, k.length, ...k, ...args);
        }
        await execPipeline(pipeline);
      });
    },
    delete: (key) =>
      call("delete", (conn) =>
        channel === ""
          ? conn.del(keys.value(key), keys.record(key))
          : deleteEntryScript.run(conn, [keys.value(key), keys.record(key)], [key, channel, origin]),
        toVoid,
      ),
    invalidateTags: (tags) =>
      call("invalidateTags", async (conn) => {
        let removed = 0;
        for (const tag of new Set(tags)) removed += await invalidateTag(conn, tag);
        return removed;
      }),
    getEntries: (list) => {
      if (list.length === 0) return okAsync([]);
      return call(
        "getMany",
        async (conn) => {
          const pipeline = conn.pipeline();
          for (const key of list) pipeline.get(keys.value(key)).pttl(keys.value(key));
          const replies = await execPipeline(pipeline);
          return list.map((_, i): CacheRead => {
            const value = replies[2 * i] as string | null;
            const ttl = replies[2 * i + 1] as number;
            return value === null ? { value: undefined, ttlMs: undefined } : { value, ttlMs: ttl > 0 ? ttl : undefined };
          });
        },
        undefined,
        (reads) => {
          countLookups(reads.map((r) => r.value));
        },
      );
    },
    invalidatePrefix: (prefix) =>
      call("invalidatePrefix", async (conn) => {
        let removed = 0;
        let cursor = "0";
        do {
          const [next, found] = await conn.scan(cursor, "MATCH", keys.valuePattern(prefix), "COUNT", c.scanCount);
          cursor = next;
          if (found.length === 0) continue;
          const pipeline = conn.pipeline();
          const userKeys = found.map((valueKey) => valueKey.slice(keys.value("").length));
          for (const key of userKeys) pipeline.del(keys.value(key), keys.record(key));
          if (channel !== "") pipeline.publish(channel, formatInvalidation({ origin, keys: userKeys }));
          const replies = (await execPipeline(pipeline)) as number[];
          for (let i = 0; i < userKeys.length; i++) removed += Math.min(1, replies[i] ?? 0);
        } while (cursor !== "0");
        return removed;
      }),
  };
  return ok(cache);
}
