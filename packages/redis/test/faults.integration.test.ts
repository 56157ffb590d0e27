import { ok, okAsync, type ResultAsync } from "@hexkit/core";
import { Redis } from "ioredis";
import { startRedisServer, type TestRedisServer } from "@hexkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createRedisCache,
  createRedisCacheAside,
  createRedisClient,
  createRedisFeatureFlags,
  createRedisLock,
  createRedisRateLimiter,
  type RedisCache,
  type RedisCacheAside,
  type RedisClient,
  type RedisFeatureFlags,
} from "../src/index.js";
import { sleep, waitFor } from "./helpers/redis-env.js";

const commandTimeoutMs = 300;
// Generous: CI machines are shared and slow; the point is "bounded", not "fast".
const boundMs = commandTimeoutMs + 1_000;

type Outcome = { readonly ok: true } | { readonly ok: false; readonly tag: string };
type Operation = () => ResultAsync<unknown, { readonly _tag: string }>;

async function timed(operation: Operation): Promise<{ outcome: Outcome; ms: number }> {
  const started = performance.now();
  const result = await operation();
  const ms = performance.now() - started;
  return { outcome: result.isOk() ? { ok: true } : { ok: false, tag: result.error._tag }, ms };
}

describe("Faults: a Redis that dies, comes back, and stalls", () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  let server: TestRedisServer;
  let client: RedisClient;
  let cache: RedisCache;
  let aside: RedisCacheAside;
  let flags: RedisFeatureFlags;
  let operations: Record<string, Operation>;
  let loads = 0;

  beforeAll(async () => {
    process.on("unhandledRejection", onUnhandled);
    process.on("uncaughtException", onUnhandled);
    server = await startRedisServer({ args: ["--enable-debug-command", "yes"] });
    client = createRedisClient({ url: server.url, commandTimeoutMs, connectTimeoutMs: 500, maxReconnectDelayMs: 200 })._unsafeUnwrap();
    cache = createRedisCache(client, { keyPrefix: "f:" })._unsafeUnwrap();
    aside = createRedisCacheAside(client, { keyPrefix: "fa:", l1: { ttlMs: 10_000 } })._unsafeUnwrap();
    flags = createRedisFeatureFlags(client, { key: "f:flags", refreshMs: 100 })._unsafeUnwrap();
    const lock = createRedisLock(client, { keyPrefix: "f:lock:" })._unsafeUnwrap();
    const limiter = createRedisRateLimiter(client, { keyPrefix: "f:rl:", points: 1_000_000, durationMs: 60_000 })._unsafeUnwrap();
    operations = {
      "cache.get": () => cache.get("k"),
      "cache.set (tags)": () => cache.set("k", "v", 10_000, { tags: ["t"] }),
      "cache.getMany": () => cache.getMany(["k", "other"]),
      "cache.setMany": () => cache.setMany([{ key: "m", value: "v", ttlMs: 10_000, tags: ["t"] }]),
      "cache.delete": () => cache.delete("gone"),
      "cache.invalidateTags": () => cache.invalidateTags(["nobody"]),
      "cache.invalidatePrefix": () => cache.invalidatePrefix("nothing:"),
      "l1.get": () => aside.cache.get("k"),
      "lock.acquire": () => lock.acquire(`l${Math.random()}`, 10_000),
      "lock.release": () => lock.release({ key: "l", token: "t" }),
      "lock.extend": () => lock.extend({ key: "l", token: "t" }, 1_000),
      "rateLimiter.consume": () => limiter.consume("k"),
      "rateLimiter.reset": () => limiter.reset("other"),
      "flags.get": () => flags.get("f"),
      "flags.set": () => flags.set("g", { enabled: true }),
      "health.check": () => client.health.check(),
    };
    await flags.set("f", { enabled: true });
    expect(await flags.isEnabled("f")).toEqual(ok(true));
    await waitFor(() => aside.l1?.active() === true, 3_000, "L1 subscription");
  });

  afterAll(async () => {
    aside.close();
    flags.close();
    await client.close();
    await server.kill();
    process.off("unhandledRejection", onUnhandled);
    process.off("uncaughtException", onUnhandled);
    expect(unhandled).toEqual([]);
  });

  const getOrSet = () =>
    aside.getOrSet(
      "hot",
      () => {
        loads++;
        return okAsync("loaded");
      },
      { ttlMs: 10_000, decode: (raw) => ok(String(raw)) },
    );

  it("answers every operation while Redis is up", async () => {
    for (const [name, operation] of Object.entries(operations)) {
      const { outcome } = await timed(operation);
      expect([name, outcome]).toEqual([name, { ok: true }]);
    }
  });

  it("answers Unavailable or Timeout within the deadline after a SIGKILL, under load, and never throws", async () => {
    let stop = false;
    const seen: Outcome[] = [];
    const thrown: unknown[] = [];
    const worker = async (): Promise<void> => {
      while (!stop) {
        for (const operation of Object.values(operations)) {
          try {
            seen.push((await timed(operation)).outcome);
          } catch (e) {
            thrown.push(e);
          }
        }
        // Failing fast answers without I/O: yield, or this loop would starve the timers.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const workers = Array.from({ length: 8 }, () => worker());
    await sleep(100);
    await server.kill();
    await sleep(300);

    for (const [name, operation] of Object.entries(operations)) {
      const { outcome, ms } = await timed(operation);
      expect([name, outcome.ok ? "ok" : outcome.tag]).toSatisfy(([, tag]) => tag === "Unavailable" || tag === "Timeout");
      expect([name, ms]).toSatisfy(([, t]) => (t as number) < boundMs);
    }
    stop = true;
    await Promise.all(workers);
    expect(thrown).toEqual([]);
    const failures = seen.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
    expect(failures.length).toBeGreaterThan(0);
    expect(new Set(failures.map((f) => f.tag))).toSatisfy((tags: Set<string>) => [...tags].every((t) => t === "Unavailable" || t === "Timeout"));
  });

  it("keeps serving what does not need Redis while it is down", async () => {
    // Cache-aside loads from the source when the cache is down.
    const before = loads;
    const { ms } = await timed(getOrSet);
    expect(await getOrSet()).toEqual(ok("loaded"));
    expect(loads).toBeGreaterThan(before);
    expect(ms).toBeLessThan(boundMs);
    // Flags answer from the last copy: no change can be made meanwhile either.
    expect(await flags.isEnabled("f")).toEqual(ok(true));
    // L1 was dropped with the subscriber connection: it cannot hear invalidations.
    expect(aside.l1?.active()).toBe(false);
    expect(aside.l1?.size()).toBe(0);
  });

  it("recovers by itself when Redis comes back on the same port (scripts reloaded after NOSCRIPT)", async () => {
    await server.restart();
    await waitFor(async () => (await client.health.check()).isOk(), 10_000, "the health check");
    for (const [name, operation] of Object.entries(operations)) {
      const { outcome } = await timed(operation);
      expect([name, outcome]).toEqual([name, { ok: true }]);
    }
    expect(await cache.invalidateTags(["t"])).toEqual(ok(2));
    await waitFor(() => aside.l1?.active() === true, 5_000, "L1 to resume");
    // The restarted server lost every key (no persistence): flags start over.
    await waitFor(async () => !(await flags.isEnabled("f"))._unsafeUnwrap(), 2_000, "flags to reload");
  });

  it("answers Timeout within the command timeout while Redis stalls (DEBUG SLEEP)", async () => {
    const admin = new Redis(server.port, "127.0.0.1");
    try {
      const stalled = admin.call("DEBUG", "SLEEP", "1");
      await sleep(50);
      const slow = ["cache.get", "cache.set (tags)", "lock.acquire", "rateLimiter.consume", "health.check"];
      const results = await Promise.all(slow.map(async (name) => [name, await timed(operations[name] as Operation)] as const));
      for (const [name, { outcome, ms }] of results) {
        expect([name, outcome]).toEqual([name, { ok: false, tag: "Timeout" }]);
        expect([name, ms]).toSatisfy(([, t]) => (t as number) < boundMs);
      }
      await stalled;
      await waitFor(async () => (await cache.get("k")).isOk(), 2_000, "answers after the stall");
    } finally {
      admin.disconnect();
    }
  });
});

describe("Faults: rate limiter failure modes", () => {
  let server: TestRedisServer;
  let client: RedisClient;

  beforeAll(async () => {
    server = await startRedisServer();
    client = createRedisClient({ url: server.url, commandTimeoutMs, maxReconnectDelayMs: 200 })._unsafeUnwrap();
  });
  afterAll(async () => {
    await client.close();
    await server.kill();
  });

  it("fails closed by default: Unavailable while Redis is down, Redis's answers again after", async () => {
    const limiter = createRedisRateLimiter(client, { keyPrefix: "closed:", points: 3, durationMs: 60_000 })._unsafeUnwrap();
    expect((await limiter.consume("k"))._unsafeUnwrap().remaining).toBe(2);
    await server.kill();
    const down = await limiter.consume("k");
    expect(down.isErr() && down.error._tag).toBe("Unavailable");
    await server.restart();
    await waitFor(async () => (await limiter.consume("probe")).isOk(), 10_000, "Redis back");
    expect((await limiter.consume("k"))._unsafeUnwrap().remaining).toBe(2);
  });

  it("fails open on its in-process insurance limiter, with the configured share of the points", async () => {
    const limiter = createRedisRateLimiter(client, {
      keyPrefix: "open:",
      points: 4,
      durationMs: 60_000,
      failureMode: "open",
      insuranceFraction: 0.5,
    })._unsafeUnwrap();
    await server.kill();
    const decisions = [];
    for (let i = 0; i < 3; i++) decisions.push((await limiter.consume("k"))._unsafeUnwrap());
    expect(decisions.map((d) => [d.allowed, d.limit, d.remaining])).toEqual([
      [true, 2, 1],
      [true, 2, 0],
      [false, 2, 0],
    ]);
    await server.restart();
    await waitFor(async () => (await client.health.check()).isOk(), 10_000, "Redis back");
    // Back on Redis: the window there is fresh (the server restarted empty).
    expect((await limiter.consume("k"))._unsafeUnwrap()).toMatchObject({ allowed: true, limit: 4, remaining: 3 });
  });
});
