import { randomUUID } from "node:crypto";
import { deleteKeysByPrefix, waitUntil } from "@hexkit/testing";
import { Redis } from "ioredis";
import { createRedisClient, type RedisClient, type RedisClientOptionsInput } from "../../src/index.js";

/** The shared test server; every test writes only under its own random prefix. */
export const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A fresh prefix no other test (or run) uses. */
export function testPrefix(label: string): string {
  return `hexkit-test:${label}:${randomUUID()}:`;
}

/** A client on the shared test server, failing fast. */
export function testClient(options: RedisClientOptionsInput = {}): RedisClient {
  return createRedisClient({ url: redisUrl, commandTimeoutMs: 2_000, ...options })._unsafeUnwrap();
}

/** Deletes every key under `prefix` with SCAN + DEL (never KEYS); answers how many went. */
export async function deletePrefix(prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    return await deleteKeysByPrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

/** Lets real time pass: a Redis adapter's TTLs run on the server's clock. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every 5 ms until it holds; fails after `timeoutMs` of real time. */
export function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 3_000, what = "a condition"): Promise<void> {
  return waitUntil(condition, { timeoutMs, everyMs: 5, what });
}
