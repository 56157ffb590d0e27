import { describe, expect, it, vi } from "vitest";
import {
  type CacheAsideDeps,
  type CacheAsideEvent,
  type GetOrSetOptions,
  type Result,
  ResultAsync,
  type ValidationError,
  createCacheAside,
  err,
  errAsync,
  invalid,
  notFound,
  ok,
  okAsync,
  unavailable,
} from "../src/index.js";
import { ManualClock, flushMicrotasks } from "./support/manual-clock.js";
import { TestCache } from "./support/test-cache.js";
import { TestLock } from "./support/test-lock.js";

interface User {
  readonly name: string;
}

const decodeUser = (raw: unknown): Result<User, ValidationError> =>
  typeof raw === "object" && raw !== null && typeof (raw as { name?: unknown }).name === "string"
    ? ok({ name: (raw as { name: string }).name })
    : err(invalid(["name"], "Expected a user"));

const userOptions: GetOrSetOptions<User> = { ttlMs: 1_000, decode: decodeUser };

function setup(extra: Partial<CacheAsideDeps> = {}) {
  const clock = new ManualClock();
  const cache = new TestCache(clock);
  const events: CacheAsideEvent[] = [];
  const aside = createCacheAside({ cache, clock, onEvent: (e) => events.push(e), ...extra });
  const types = () => events.map((e) => e.type);
  return { clock, cache, events, types, aside };
}

/** A load that answers `value` after `delayMs` of clock time, counting its calls. */
function slowLoad<T>(clock: ManualClock, value: T, delayMs = 100) {
  return vi.fn(() => new ResultAsync(clock.sleep(delayMs).then(() => ok(value))));
}

describe("cache-aside getOrSet", () => {
  it("loads on a miss, stores the value, and answers the next call from the cache", async () => {
    const { aside, cache, types } = setup();
    const load = vi.fn(() => okAsync({ name: "ada" }));

    expect(await aside.getOrSet("u:1", load, userOptions)).toEqual(ok({ name: "ada" }));
    expect(await aside.getOrSet("u:1", load, userOptions)).toEqual(ok({ name: "ada" }));

    expect(load).toHaveBeenCalledTimes(1);
    expect(types()).toEqual(["miss", "load", "hit"]);
    expect(cache.writes).toEqual([
      { key: "u:1", value: JSON.stringify({ v: { name: "ada" }, f: 1_700_000_001_000 }), ttlMs: 1_000, options: undefined },
    ]);
  });

  it("loads again once the fresh time has passed and there is no stale window", async () => {
    const { aside, clock } = setup();
    const load = vi.fn(() => okAsync({ name: "ada" }));
    await aside.getOrSet("u:1", load, userOptions);
    await clock.advance(1_000);
    expect(await aside.getOrSet("u:1", load, userOptions)).toEqual(ok({ name: "ada" }));
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("shares one load among 100 concurrent misses of a key", async () => {
    const { aside, clock } = setup();
    const load = slowLoad(clock, { name: "ada" });

    const calls = Array.from({ length: 100 }, () => aside.getOrSet("u:1", load, userOptions));
    await clock.advance(100);
    const results = await Promise.all(calls);

    expect(load).toHaveBeenCalledTimes(1);
    expect(results).toEqual(Array.from({ length: 100 }, () => ok({ name: "ada" })));
  });

  it("single-flights keys an ordinary object would inherit (`__proto__`, `constructor`) like any other", async () => {
    const { aside, clock } = setup();
    const load = slowLoad(clock, { name: "ada" });
    const calls = ["__proto__", "constructor", "__proto__", "constructor"].map((key) => aside.getOrSet(key, load, userOptions));
    await clock.advance(100);
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 4 }, () => ok({ name: "ada" })));
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("does not share a load between different keys", async () => {
    const { aside, clock } = setup();
    const load = slowLoad(clock, { name: "ada" });
    const both = Promise.all([aside.getOrSet("u:1", load, userOptions), aside.getOrSet("u:2", load, userOptions)]);
    await clock.advance(100);
    expect(await both).toEqual([ok({ name: "ada" }), ok({ name: "ada" })]);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("returns load's error, does not cache it, and loads again next time", async () => {
    const { aside, cache, types } = setup();
    const load = vi.fn(() => errAsync(unavailable("db")));
    expect(await aside.getOrSet("u:1", load, userOptions)).toEqual(err(unavailable("db")));
    expect(await aside.getOrSet("u:1", load, userOptions)).toEqual(err(unavailable("db")));
    expect(load).toHaveBeenCalledTimes(2);
    expect(cache.writes).toEqual([]);
    expect(types()).toEqual(["miss", "load_error", "miss", "load_error"]);
  });

  it("passes tags to the cache", async () => {
    const { aside, cache } = setup();
    await aside.getOrSet("u:1", () => okAsync({ name: "ada" }), { ...userOptions, tags: ["tenant:t1"] });
    expect(cache.writes[0]?.options).toEqual({ tags: ["tenant:t1"] });
    expect(await cache.invalidateTags(["tenant:t1"])).toEqual(ok(1));
  });

  it("stores what encode returns and checks it with decode", async () => {
    const { aside, cache } = setup();
    const options: GetOrSetOptions<Date> = {
      ttlMs: 1_000,
      encode: (d) => d.toISOString(),
      decode: (raw) => (typeof raw === "string" ? ok(new Date(raw)) : err(invalid([], "Expected a date"))),
    };
    const when = new Date("2024-05-01T00:00:00.000Z");
    const load = vi.fn(() => okAsync(when));
    await aside.getOrSet("d", load, options);
    expect(cache.writes[0]?.value).toBe(JSON.stringify({ v: "2024-05-01T00:00:00.000Z", f: 1_700_000_001_000 }));
    expect(await aside.getOrSet("d", load, options)).toEqual(ok(when));
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe("cache-aside across processes (shared cache and Lock)", () => {
  function twoProcesses() {
    const clock = new ManualClock();
    const cache = new TestCache(clock);
    const lock = new TestLock(clock);
    const events: CacheAsideEvent[] = [];
    const make = () => createCacheAside({ cache, clock, lock, onEvent: (e) => events.push(e) });
    return { clock, cache, lock, events, a: make(), b: make() };
  }

  it("loads once when two processes miss the same key together", async () => {
    const { clock, lock, events, a, b } = twoProcesses();
    const loadA = slowLoad(clock, { name: "from a" });
    const loadB = slowLoad(clock, { name: "from b" });

    const both = Promise.all([a.getOrSet("u:1", loadA, userOptions), b.getOrSet("u:1", loadB, userOptions)]);
    await clock.advance(200);

    expect(await both).toEqual([ok({ name: "from a" }), ok({ name: "from a" })]);
    expect(loadA).toHaveBeenCalledTimes(1);
    expect(loadB).not.toHaveBeenCalled();
    expect(events).toContainEqual({ type: "lock_wait", key: "u:1", waitedMs: 100, filled: true });
    expect(lock.held.size).toBe(0);
  });

  it("loads in the waiting process when the holder does not fill within waitMs", async () => {
    const { clock, events, a, b } = twoProcesses();
    const options = { ...userOptions, waitMs: 300, pollMs: 100 };
    const loadA = slowLoad(clock, { name: "from a" }, 1_000);
    const loadB = slowLoad(clock, { name: "from b" }, 10);

    const fromA = a.getOrSet("u:1", loadA, options);
    const fromB = b.getOrSet("u:1", loadB, options);
    await clock.advance(310);
    expect(await fromB).toEqual(ok({ name: "from b" }));
    expect(events).toContainEqual({ type: "lock_wait", key: "u:1", waitedMs: 300, filled: false });
    await clock.advance(1_000);
    expect(await fromA).toEqual(ok({ name: "from a" }));
    expect(loadB).toHaveBeenCalledTimes(1);
  });

  it("answers a cached NotFound to a waiting process", async () => {
    const { clock, a, b } = twoProcesses();
    const options = { ...userOptions, negativeTtlMs: 500 };
    const missing = vi.fn(() => new ResultAsync(clock.sleep(60).then(() => err(notFound("user", "1")))));
    const both = Promise.all([a.getOrSet("u:1", missing, options), b.getOrSet("u:1", missing, options)]);
    await clock.advance(200);
    expect(await both).toEqual([err(notFound("user", "1")), err(notFound("user", "1"))]);
    expect(missing).toHaveBeenCalledTimes(1);
  });

  it("re-reads the cache after taking the lock, so a fill that just landed is not loaded again", async () => {
    const { clock, cache, lock, a } = twoProcesses();
    const acquire = lock.acquire.bind(lock);
    // Another process writes the value between our miss and our lock.
    vi.spyOn(lock, "acquire").mockImplementation((key, ttlMs) => {
      const envelope = JSON.stringify({ v: { name: "other" }, f: clock.now() + 1_000 });
      cache.entries.set("u:1", { value: envelope, expiresAt: clock.now() + 1_000, tags: [] });
      return acquire(key, ttlMs);
    });
    const load = vi.fn(() => okAsync({ name: "mine" }));
    expect(await a.getOrSet("u:1", load, userOptions)).toEqual(ok({ name: "other" }));
    expect(load).not.toHaveBeenCalled();
    expect(lock.held.size).toBe(0);
  });

  it("loads without the lock when the lock store is down", async () => {
    const { lock, events, a } = twoProcesses();
    lock.failAcquire = true;
    expect(await a.getOrSet("u:1", () => okAsync({ name: "ada" }), userOptions)).toEqual(ok({ name: "ada" }));
    expect(events).toContainEqual({ type: "cache_error", key: "u:1", operation: "lock", error: unavailable("test-lock") });
  });

  it("reports a failed release and still answers", async () => {
    const { lock, events, a } = twoProcesses();
    lock.failRelease = true;
    expect(await a.getOrSet("u:1", () => okAsync({ name: "ada" }), userOptions)).toEqual(ok({ name: "ada" }));
    expect(events).toContainEqual({ type: "cache_error", key: "u:1", operation: "unlock", error: unavailable("test-lock") });
  });

  it("stops waiting and loads when the cache goes down during the wait", async () => {
    const { clock, cache, a, b } = twoProcesses();
    const loadA = slowLoad(clock, { name: "from a" }, 1_000);
    const loadB = vi.fn(() => okAsync({ name: "from b" }));
    const fromA = a.getOrSet("u:1", loadA, userOptions);
    const fromB = b.getOrSet("u:1", loadB, userOptions);
    await flushMicrotasks();
    cache.failReads = true;
    await clock.advance(50);
    expect(await fromB).toEqual(ok({ name: "from b" }));
    await clock.advance(1_000);
    expect(await fromA).toEqual(ok({ name: "from a" }));
  });
});

describe("cache-aside stale-while-revalidate", () => {
  const swr: GetOrSetOptions<User> = { ttlMs: 1_000, staleMs: 5_000, decode: decodeUser };

  it("answers a stale value at once and refreshes it once in the background", async () => {
    const { aside, clock, cache, types } = setup();
    await aside.getOrSet("u:1", () => okAsync({ name: "old" }), swr);
    expect(cache.writes[0]?.ttlMs).toBe(6_000);
    await clock.advance(1_500);

    const refresh = slowLoad(clock, { name: "new" });
    expect(await aside.getOrSet("u:1", refresh, swr)).toEqual(ok({ name: "old" }));
    expect(await aside.getOrSet("u:1", refresh, swr)).toEqual(ok({ name: "old" }));
    expect(refresh).toHaveBeenCalledTimes(1);

    await clock.advance(100);
    expect(await aside.getOrSet("u:1", refresh, swr)).toEqual(ok({ name: "new" }));
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(types()).toEqual(["miss", "load", "stale", "stale", "load", "hit"]);
  });

  it("keeps the stale value when the refresh fails", async () => {
    const { aside, clock, events } = setup();
    await aside.getOrSet("u:1", () => okAsync({ name: "old" }), swr);
    await clock.advance(1_500);
    const failing = vi.fn(() => errAsync(unavailable("db")));
    expect(await aside.getOrSet("u:1", failing, swr)).toEqual(ok({ name: "old" }));
    await flushMicrotasks();
    expect(events).toContainEqual({ type: "load_error", key: "u:1", error: unavailable("db"), background: true });
    expect(await aside.getOrSet("u:1", failing, swr)).toEqual(ok({ name: "old" }));
  });

  it("treats an entry past its stale window as a miss even if the cache still returns it", async () => {
    const { aside, clock, cache } = setup();
    const envelope = JSON.stringify({ v: { name: "ancient" }, f: clock.now() - 10_000 });
    await cache.set("u:1", envelope, 60_000);
    const load = vi.fn(() => okAsync({ name: "fresh" }));
    expect(await aside.getOrSet("u:1", load, swr)).toEqual(ok({ name: "fresh" }));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("reports a background refresh that throws and never rejects", async () => {
    const { aside, clock, events } = setup();
    await aside.getOrSet("u:1", () => okAsync({ name: "old" }), swr);
    await clock.advance(1_500);
    const broken = (): ResultAsync<User, never> => {
      throw new Error("bug");
    };
    expect(await aside.getOrSet("u:1", broken, swr)).toEqual(ok({ name: "old" }));
    await flushMicrotasks();
    expect(events.at(-1)).toMatchObject({ type: "load_error", background: true, error: { _tag: "Internal" } });
  });

  it("skips the background refresh when another process holds the key's lock", async () => {
    const clock = new ManualClock();
    const cache = new TestCache(clock);
    const lock = new TestLock(clock);
    const aside = createCacheAside({ cache, clock, lock });
    await aside.getOrSet("u:1", () => okAsync({ name: "old" }), swr);
    await clock.advance(1_500);
    await lock.acquire("lock:u:1", 10_000);
    const refresh = vi.fn(() => okAsync({ name: "new" }));
    expect(await aside.getOrSet("u:1", refresh, swr)).toEqual(ok({ name: "old" }));
    await flushMicrotasks();
    expect(refresh).not.toHaveBeenCalled();
  });
});

describe("cache-aside negative caching", () => {
  const negative: GetOrSetOptions<User> = { ...userOptions, negativeTtlMs: 500 };

  it("caches a NotFound for negativeTtlMs and answers it without loading", async () => {
    const { aside, clock, cache, types } = setup();
    const load = vi.fn(() => errAsync(notFound("user", "1")));
    expect(await aside.getOrSet("u:1", load, negative)).toEqual(err(notFound("user", "1")));
    expect(await aside.getOrSet("u:1", load, negative)).toEqual(err(notFound("user", "1")));
    expect(load).toHaveBeenCalledTimes(1);
    expect(cache.writes[0]?.ttlMs).toBe(500);
    expect(types()).toEqual(["miss", "load_error", "hit"]);

    await clock.advance(500);
    await aside.getOrSet("u:1", load, negative);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("keeps a NotFound without an id", async () => {
    const { aside } = setup();
    const load = vi.fn(() => errAsync(notFound("user")));
    await aside.getOrSet("u:1", load, negative);
    expect(await aside.getOrSet("u:1", load, negative)).toEqual(err(notFound("user")));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("does not cache a NotFound without negativeTtlMs", async () => {
    const { aside, cache } = setup();
    const load = vi.fn(() => errAsync(notFound("user", "1")));
    await aside.getOrSet("u:1", load, userOptions);
    await aside.getOrSet("u:1", load, userOptions);
    expect(load).toHaveBeenCalledTimes(2);
    expect(cache.writes).toEqual([]);
  });

  it("treats a cached NotFound past its fresh time as a miss even if the cache still returns it", async () => {
    const { aside, clock, cache } = setup();
    await cache.set("u:1", JSON.stringify({ n: notFound("user", "1"), f: clock.now() }), 60_000);
    const load = vi.fn(() => okAsync({ name: "back" }));
    expect(await aside.getOrSet("u:1", load, negative)).toEqual(ok({ name: "back" }));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("does not cache other errors even with negativeTtlMs", async () => {
    const { aside, cache } = setup();
    await aside.getOrSet("u:1", () => errAsync(unavailable("db")), negative);
    expect(cache.writes).toEqual([]);
  });
});

describe("cache-aside with a corrupt or wrong-shaped entry", () => {
  const cases: [string, string][] = [
    ["not JSON", "{nope"],
    ["JSON that is not an envelope", JSON.stringify({ name: "ada" })],
    ["an envelope whose value fails decode", JSON.stringify({ v: { name: 42 }, f: 1_800_000_000_000 })],
    ["a negative entry that is not a NotFound", JSON.stringify({ n: { _tag: "Conflict", message: "x" }, f: 1_800_000_000_000 })],
    ["a NotFound with a bad id", JSON.stringify({ n: { _tag: "NotFound", message: "x", resource: "u", id: 7 }, f: 1_800_000_000_000 })],
    ["a NotFound without a resource", JSON.stringify({ n: { _tag: "NotFound", message: "x" }, f: 1_800_000_000_000 })],
    ["a negative entry that is not an object", JSON.stringify({ n: "gone", f: 1_800_000_000_000 })],
  ];

  it.each(cases)("treats %s as a miss and reports it", async (_name, stored) => {
    const { aside, cache, events: seen, types } = setup();
    await cache.set("u:1", stored, 60_000);
    const load = vi.fn(() => okAsync({ name: "ada" }));
    expect(await aside.getOrSet("u:1", load, userOptions)).toEqual(ok({ name: "ada" }));
    expect(load).toHaveBeenCalledTimes(1);
    expect(types()).toEqual(["decode_error", "miss", "load"]);
    expect(seen[0]).toMatchObject({ type: "decode_error", key: "u:1", error: { _tag: "ValidationError" } });
  });
});

describe("cache-aside when the cache fails", () => {
  it("loads when the cache cannot be read, and reports both failures", async () => {
    const { aside, cache, events: seen } = setup();
    cache.failReads = true;
    cache.failWrites = true;
    const load = vi.fn(() => okAsync({ name: "ada" }));
    expect(await aside.getOrSet("u:1", load, userOptions)).toEqual(ok({ name: "ada" }));
    expect(seen).toEqual([
      { type: "cache_error", key: "u:1", operation: "get", error: unavailable("test-cache") },
      { type: "load", key: "u:1", durationMs: 0, background: false },
      { type: "cache_error", key: "u:1", operation: "set", error: unavailable("test-cache") },
    ]);
  });

  it("answers the loaded value when only the write fails", async () => {
    const { aside, cache, types } = setup();
    cache.failWrites = true;
    expect(await aside.getOrSet("u:1", () => okAsync({ name: "ada" }), userOptions)).toEqual(ok({ name: "ada" }));
    expect(types()).toEqual(["miss", "load", "cache_error"]);
  });

  it("answers the loaded value when it cannot be encoded", async () => {
    const { aside, cache, events: seen } = setup();
    const options: GetOrSetOptions<bigint> = { ttlMs: 1_000, decode: () => ok(1n) };
    expect(await aside.getOrSet("n", () => okAsync(1n), options)).toEqual(ok(1n));
    expect(cache.writes).toEqual([]);
    expect(seen.at(-1)).toMatchObject({ type: "cache_error", operation: "encode", error: { _tag: "Internal" } });
  });

  it("keeps caching when the event observer throws", async () => {
    const clock = new ManualClock();
    const cache = new TestCache(clock);
    const aside = createCacheAside({
      cache,
      clock,
      onEvent: () => {
        throw new Error("observer bug");
      },
    });
    const load = vi.fn(() => okAsync({ name: "ada" }));
    expect(await aside.getOrSet("u:1", load, userOptions)).toEqual(ok({ name: "ada" }));
    expect(await aside.getOrSet("u:1", load, userOptions)).toEqual(ok({ name: "ada" }));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("answers hits without an observer", async () => {
    const clock = new ManualClock();
    const cache = new TestCache(clock);
    const aside = createCacheAside({ cache, clock });
    const load = vi.fn(() => okAsync({ name: "ada" }));
    expect(await aside.getOrSet("u:1", load, userOptions)).toEqual(ok({ name: "ada" }));
    expect(await aside.getOrSet("u:1", load, userOptions)).toEqual(ok({ name: "ada" }));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("rejects the callers of a flight whose decode throws, and serves the key again afterwards", async () => {
    const { aside } = setup();
    const load = vi.fn(() => okAsync({ name: "ada" }));
    await aside.getOrSet("u:1", load, userOptions);
    const throwing: GetOrSetOptions<User> = {
      ...userOptions,
      decode: () => {
        throw new Error("decode bug");
      },
    };
    const both = [aside.getOrSet("u:1", load, throwing), aside.getOrSet("u:1", load, userOptions)];
    await expect(both[0]).rejects.toThrow("decode bug");
    await expect(both[1]).rejects.toThrow("decode bug");
    expect(await aside.getOrSet("u:1", load, userOptions)).toEqual(ok({ name: "ada" }));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("rejects the callers of a flight whose cache read rejects (a broken adapter), and serves the key again afterwards", async () => {
    const { aside, cache } = setup();
    const get = cache.get.bind(cache);
    vi.spyOn(cache, "get").mockImplementationOnce(() => new ResultAsync(Promise.reject(new Error("adapter bug"))));
    const load = vi.fn(() => okAsync({ name: "ada" }));
    await expect(aside.getOrSet("u:1", load, userOptions)).rejects.toThrow("adapter bug");
    vi.spyOn(cache, "get").mockImplementation(get);
    expect(await aside.getOrSet("u:1", load, userOptions)).toEqual(ok({ name: "ada" }));
  });

  it("rejects a call whose cache read throws (a broken adapter), and serves the key again afterwards", async () => {
    const { aside, cache } = setup();
    const get = cache.get.bind(cache);
    vi.spyOn(cache, "get").mockImplementationOnce(() => {
      throw new Error("adapter bug");
    });
    const load = vi.fn(() => okAsync({ name: "ada" }));
    await expect(aside.getOrSet("u:1", load, userOptions)).rejects.toThrow("adapter bug");
    vi.spyOn(cache, "get").mockImplementation(get);
    expect(await aside.getOrSet("u:1", load, userOptions)).toEqual(ok({ name: "ada" }));
  });

  it("rejects the callers of a flight whose load throws, and serves the key again afterwards", async () => {
    const { aside } = setup();
    const broken = (): ResultAsync<User, never> => {
      throw new Error("bug");
    };
    await expect(aside.getOrSet("u:1", broken, userOptions)).rejects.toThrow("bug");
    expect(await aside.getOrSet("u:1", () => okAsync({ name: "ada" }), userOptions)).toEqual(ok({ name: "ada" }));
  });
});

describe("cache-aside TTL jitter", () => {
  it("draws the fresh time from [ttl × (1 − jitter), ttl] and keeps the stale window whole", async () => {
    for (const [random, expected] of [
      [0, 1_000],
      [0.5, 900],
      [0.999_999, 800],
    ] as const) {
      const clock = new ManualClock();
      const cache = new TestCache(clock);
      const aside = createCacheAside({ cache, clock, random: () => random });
      await aside.getOrSet("k", () => okAsync({ name: "ada" }), { ...userOptions, staleMs: 2_000, ttlJitter: 0.2 });
      const write = cache.writes[0]!;
      expect(JSON.parse(write.value)).toEqual({ v: { name: "ada" }, f: clock.now() + expected });
      expect(write.ttlMs).toBe(expected + 2_000);
    }
  });

  it("keeps every fresh time within the bounds with real randomness", async () => {
    const clock = new ManualClock();
    const cache = new TestCache(clock);
    const aside = createCacheAside({ cache, clock });
    for (let i = 0; i < 500; i++) {
      await aside.getOrSet(`k${i}`, () => okAsync({ name: "ada" }), { ...userOptions, ttlJitter: 0.3 });
    }
    const ttls = cache.writes.map((w) => w.ttlMs);
    expect(Math.min(...ttls)).toBeGreaterThanOrEqual(700);
    expect(Math.max(...ttls)).toBeLessThanOrEqual(1_000);
    expect(new Set(ttls).size).toBeGreaterThan(50);
  });

  it("clamps a jitter outside [0, 1]", async () => {
    const clock = new ManualClock();
    const cache = new TestCache(clock);
    const aside = createCacheAside({ cache, clock, random: () => 0.999_999 });
    await aside.getOrSet("a", () => okAsync({ name: "ada" }), { ...userOptions, ttlJitter: 5 });
    await aside.getOrSet("b", () => okAsync({ name: "ada" }), { ...userOptions, ttlJitter: -1 });
    expect(cache.writes.map((w) => w.ttlMs)).toEqual([1, 1_000]);
  });
});
