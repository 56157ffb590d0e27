import { ok } from "@hexkit/core";
import { createRecordingMetrics } from "@hexkit/memory";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRedisCache, type RedisCache, type RedisClient } from "../src/index.js";
import { deletePrefix, redisUrl, testClient, testPrefix } from "./helpers/redis-env.js";

describe("Redis cache", () => {
  let prefix: string;
  let client: RedisClient;
  let cache: RedisCache;
  let raw: Redis;

  beforeEach(() => {
    prefix = testPrefix("cache-extra");
    client = testClient();
    cache = createRedisCache(client, { keyPrefix: prefix, invalidateBatchSize: 7 })._unsafeUnwrap();
    raw = new Redis(redisUrl);
  });
  afterEach(async () => {
    await client.close();
    raw.disconnect();
    await deletePrefix(prefix);
  });

  it("writes every key under its prefix, with the TTL in milliseconds", async () => {
    await cache.set("k", "v", 60_000, { tags: ["t"] });
    const pttl = await raw.pttl(`${prefix}v:k`);
    expect(pttl).toBeGreaterThan(55_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
    const [, keys] = await raw.scan("0", "MATCH", `${prefix}*`, "COUNT", 1000);
    expect(keys.sort()).toEqual([`${prefix}g:k`, `${prefix}t:t`, `${prefix}v:k`]);
  });

  it("keeps an entry overwritten without a tag when that tag is invalidated", async () => {
    await cache.set("k", "old", 10_000, { tags: ["tenant:1"] });
    await cache.set("k", "new", 10_000);
    expect(await cache.invalidateTags(["tenant:1"])).toEqual(ok(0));
    expect(await cache.get("k")).toEqual(ok("new"));
  });

  it("does not take a tag as a part of another tag", async () => {
    await cache.set("k", "v", 10_000, { tags: ["tenant:10"] });
    expect(await cache.invalidateTags(["tenant:1"])).toEqual(ok(0));
    expect(await cache.get("k")).toEqual(ok("v"));
  });

  it("invalidates a tag with more entries than one batch, and empties its set", async () => {
    const entries = Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: String(i), ttlMs: 10_000, tags: ["big"] }));
    await cache.setMany(entries);
    expect(await cache.invalidateTags(["big"])).toEqual(ok(30));
    expect(await raw.exists(`${prefix}t:big`)).toBe(0);
    expect(await cache.getMany(entries.map((e) => e.key))).toEqual(ok(entries.map(() => undefined)));
  });

  it("lets a tag set live as long as its longest-lived entry", async () => {
    await cache.set("long", "v", 60_000, { tags: ["t"] });
    await cache.set("short", "v", 1_000, { tags: ["t"] });
    expect(await raw.pttl(`${prefix}t:t`)).toBeGreaterThan(55_000);
  });

  it("invalidates by key prefix with SCAN, and counts what went", async () => {
    await cache.setMany([
      { key: "user:1", value: "a", ttlMs: 10_000, tags: ["x"] },
      { key: "user:2", value: "b", ttlMs: 10_000 },
      { key: "order:1", value: "c", ttlMs: 10_000 },
      { key: "user*odd", value: "d", ttlMs: 10_000 },
    ]);
    expect(await cache.invalidatePrefix("user:")).toEqual(ok(2));
    expect(await cache.getMany(["user:1", "user:2", "order:1", "user*odd"])).toEqual(ok([undefined, undefined, "c", "d"]));
    expect(await raw.exists(`${prefix}g:user:1`)).toBe(0);
  });

  it("treats glob characters in a prefix literally", async () => {
    await cache.setMany([
      { key: "a*1", value: "x", ttlMs: 10_000 },
      { key: "ab", value: "y", ttlMs: 10_000 },
    ]);
    expect(await cache.invalidatePrefix("a*")).toEqual(ok(1));
    expect(await cache.getMany(["a*1", "ab"])).toEqual(ok([undefined, "y"]));
  });

  it("answers each read with its remaining TTL", async () => {
    await cache.set("k", "v", 30_000);
    const reads = (await cache.getEntries(["k", "missing"]))._unsafeUnwrap();
    expect(reads[0]?.value).toBe("v");
    expect(reads[0]?.ttlMs).toBeGreaterThan(25_000);
    expect(reads[1]).toEqual({ value: undefined, ttlMs: undefined });
  });
});

describe("Redis cache metrics", () => {
  it("counts hits and misses per key, so the hit ratio is hits / (hits + misses)", async () => {
    const prefix = testPrefix("cache-metrics");
    const client = testClient();
    const metrics = createRecordingMetrics();
    const cache = createRedisCache(client, { keyPrefix: prefix, name: "endpoints" }, { metrics })._unsafeUnwrap();
    try {
      await cache.set("a", "1", 10_000);
      await cache.get("a");
      await cache.get("b");
      await cache.getMany(["a", "b", "c"]);
      expect(metrics.value("hexkit_cache_hits_total", { cache: "endpoints", tier: "redis" })).toBe(2);
      expect(metrics.value("hexkit_cache_misses_total", { cache: "endpoints", tier: "redis" })).toBe(3);
      expect(metrics.readHistogram("hexkit_cache_operation_duration_ms", { cache: "endpoints", operation: "get" })?.count).toBe(2);
      expect(metrics.readHistogram("hexkit_cache_operation_duration_ms", { cache: "endpoints", operation: "set" })?.count).toBe(1);
    } finally {
      await client.close();
      await deletePrefix(prefix);
    }
  });

  it("counts failed operations by error tag", async () => {
    const client = testClient();
    const metrics = createRecordingMetrics();
    const cache = createRedisCache(client, { name: "c" }, { metrics })._unsafeUnwrap();
    await client.close();
    const got = await cache.get("k");
    expect(got.isErr() && got.error._tag).toBe("Unavailable");
    expect(metrics.value("hexkit_cache_errors_total", { cache: "c", operation: "get", error: "Unavailable" })).toBe(1);
  });
});
