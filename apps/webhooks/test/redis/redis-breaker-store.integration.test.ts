import { randomBytes } from "node:crypto";
import { createRedisClient, type RedisClient } from "@hexkit/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisBreakerStore } from "../../src/adapters/redis/redis-breaker-store.js";

const prefix = `hexkit_test_${randomBytes(5).toString("hex")}:breaker:`;
let first: RedisClient;
let second: RedisClient;
const options = { failureThreshold: 3, windowMs: 60_000, coolDownMs: 30_000 };

beforeAll(() => {
  const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  first = createRedisClient({ url })._unsafeUnwrap();
  second = createRedisClient({ url })._unsafeUnwrap();
});
afterAll(async () => {
  const keys = await first.connection.keys(`${prefix}*`);
  if (keys.length > 0) await first.connection.del(...keys);
  await first.close();
  await second.close();
});

describe("Circuit breakers in Redis, shared by workers", () => {
  it("opens for every worker once the failures of all of them reach the threshold, and holds until the cool-down", async () => {
    const a = createRedisBreakerStore(first, options, { keyPrefix: prefix, ttlMs: 600_000 });
    const b = createRedisBreakerStore(second, options, { keyPrefix: prefix, ttlMs: 600_000 });
    expect((await a.admit("ep_open", 1_000))._unsafeUnwrap().kind).toBe("allow");
    await a.record("ep_open", false, 1_000);
    await b.record("ep_open", false, 1_100);
    await a.record("ep_open", false, 1_200);
    const held = (await b.admit("ep_open", 1_300))._unsafeUnwrap();
    expect(held).toMatchObject({ kind: "hold", untilMs: 31_200 });
    expect((await a.admit("ep_open", 31_300))._unsafeUnwrap().kind).toBe("allow");
  });

  it("loses no failure when workers record at the same time", async () => {
    const [a, b] = [first, second].map((client) => createRedisBreakerStore(client, { ...options, failureThreshold: 100 }, { keyPrefix: prefix, ttlMs: 600_000 }));
    if (!a || !b) throw new Error("two stores");
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).record("ep_race", false, 1_000 + i)));
    const raw = await first.connection.get(`${prefix}ep_race`);
    expect((JSON.parse(raw ?? "{}") as { failures: number[] }).failures).toHaveLength(20);
  });

  it("keeps nothing in Redis for a healthy endpoint", async () => {
    const store = createRedisBreakerStore(first, options, { keyPrefix: prefix, ttlMs: 600_000 });
    await store.record("ep_ok", true, 1_000);
    expect(await store.admit("ep_ok", 1_000)).toMatchObject({ value: { kind: "allow" } });
    expect(await first.connection.exists(`${prefix}ep_ok`)).toBe(0);
  });
});
