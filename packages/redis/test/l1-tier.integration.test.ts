import { randomUUID } from "node:crypto";
import { ok } from "@hexkit/core";
import { createRecordingMetrics } from "@hexkit/memory";
import { cacheContract } from "@hexkit/testing";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRedisCacheAside, type RedisCacheAside, type RedisClient } from "../src/index.js";
import { deletePrefix, redisUrl, sleep, testClient, testPrefix, waitFor } from "./helpers/redis-env.js";

interface Instance {
  readonly metrics: ReturnType<typeof createRecordingMetrics>;
  readonly client: RedisClient;
  readonly aside: RedisCacheAside;
  readonly connectionName: string;
}

function instance(prefix: string, metrics = createRecordingMetrics()): Instance {
  const connectionName = `hexkit-test-${randomUUID()}`;
  const client = testClient({ connectionName });
  const aside = createRedisCacheAside(client, { keyPrefix: prefix, l1: { maxEntries: 100, ttlMs: 30_000 } }, { metrics })._unsafeUnwrap();
  return { metrics, client, aside, connectionName };
}

/** Reads `key` until the read lands in L1 (a read that overlaps the key's own invalidation message does not fill). */
async function cached(i: Instance, key: string): Promise<void> {
  const l1Hits = (): number => i.metrics.value("hexkit_cache_hits_total", { cache: "redis", tier: "l1" }) ?? 0;
  await waitFor(async () => {
    await i.aside.cache.get(key);
    const before = l1Hits();
    await i.aside.cache.get(key);
    return l1Hits() > before;
  }, 1_000, `${key} in L1`);
}

async function active(...instances: Instance[]): Promise<void> {
  await waitFor(() => instances.every((i) => i.aside.l1?.active() === true), 3_000, "L1 subscriptions");
}

cacheContract("redis + L1", async () => {
  const prefix = testPrefix("l1-contract");
  const one = instance(prefix);
  await active(one);
  return {
    subject: one.aside.cache,
    advance: sleep,
    teardown: async () => {
      one.aside.close();
      await one.client.close();
      await deletePrefix(prefix);
    },
  };
});

describe("L1 tier across instances", () => {
  let prefix: string;
  let a: Instance;
  let b: Instance;
  let metricsB: ReturnType<typeof createRecordingMetrics>;

  beforeEach(async () => {
    prefix = testPrefix("l1");
    metricsB = createRecordingMetrics();
    a = instance(prefix);
    b = instance(prefix, metricsB);
    await active(a, b);
  });
  afterEach(async () => {
    for (const i of [a, b]) {
      i.aside.close();
      await i.client.close();
    }
    await deletePrefix(prefix);
  });

  const l1Hits = (): number | undefined => metricsB.value("hexkit_cache_hits_total", { cache: "redis", tier: "l1" });

  it("answers a repeated read from L1 without asking Redis", async () => {
    await a.aside.cache.set("k", "v1", 10_000);
    await cached(b, "k");
    const redisHits = metricsB.value("hexkit_cache_hits_total", { cache: "redis", tier: "redis" });
    const before = l1Hits() ?? 0;
    expect(await b.aside.cache.get("k")).toEqual(ok("v1"));
    expect(await b.aside.cache.get("k")).toEqual(ok("v1"));
    expect(l1Hits()).toBe(before + 2);
    expect(metricsB.value("hexkit_cache_hits_total", { cache: "redis", tier: "redis" })).toBe(redisHits);
  });

  it("drops another instance's L1 copy when a key is set, deleted, or invalidated by tag or prefix", async () => {
    const changes: [string, (k: string) => Promise<unknown>, string | undefined][] = [
      ["set", async (k) => a.aside.cache.set(k, "v2", 10_000), "v2"],
      ["delete", async (k) => a.aside.cache.delete(k), undefined],
      ["tag", async () => a.aside.cache.invalidateTags(["t"]), undefined],
      ["prefix", async () => a.aside.cache.invalidatePrefix("key-prefix"), undefined],
    ];
    for (const [name, change, expected] of changes) {
      const key = `key-${name}`;
      await a.aside.cache.set(key, "v1", 10_000, { tags: ["t"] });
      await cached(b, key);
      expect(await b.aside.cache.get(key)).toEqual(ok("v1"));
      await change(key);
      await waitFor(async () => (await b.aside.cache.get(key))._unsafeUnwrap() === expected, 1_000, `B to see the ${name}`);
    }
  });

  it("drops its own L1 copy on its own writes at once", async () => {
    await b.aside.cache.set("k", "v1", 10_000);
    await b.aside.cache.get("k");
    await b.aside.cache.set("k", "v2", 10_000);
    expect(await b.aside.cache.get("k")).toEqual(ok("v2"));
    await b.aside.cache.delete("k");
    expect(await b.aside.cache.get("k")).toEqual(ok(undefined));
  });

  it("empties and bypasses L1 while its subscriber connection is down, and uses it again after", async () => {
    await a.aside.cache.set("k", "v1", 10_000);
    await cached(b, "k");
    const admin = new Redis(redisUrl);
    try {
      const list = await admin.client("LIST");
      const id = /id=(\d+) [^\n]*name=(\S+)/gu;
      const subscriber = [...String(list).matchAll(id)].find((m) => m[2] === `${b.connectionName}:sub`)?.[1];
      expect(subscriber).toBeDefined();
      await admin.client("KILL", "ID", subscriber ?? "");
    } finally {
      admin.disconnect();
    }
    // Lost messages cannot leave a stale copy: the copy went with the connection.
    await waitFor(() => b.aside.l1?.size() === 0, 1_000, "L1 to be emptied");
    await a.aside.cache.set("k", "v2", 10_000);
    expect(await b.aside.cache.get("k")).toEqual(ok("v2"));
    await active(b);
    await cached(b, "k");
    expect(await b.aside.cache.get("k")).toEqual(ok("v2"));
  });

  it("never keeps an L1 copy past the Redis entry's TTL", async () => {
    await a.aside.cache.set("k", "v", 150);
    expect(await b.aside.cache.get("k")).toEqual(ok("v"));
    await sleep(250);
    expect(await b.aside.cache.get("k")).toEqual(ok(undefined));
  });
});
