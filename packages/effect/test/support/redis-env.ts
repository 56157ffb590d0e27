import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { deleteKeysByPrefix } from "@hexkit/testing";
import { Redis } from "ioredis";

/** The shared test server; every test writes only under its own random prefix. */
export const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A prefix no other test (or run) uses. */
export function testPrefix(label: string): string {
  return `hexkit-test:effect:${label}:${randomUUID()}:`;
}

/** A queue name no other test (or run) uses (BullMQ queue names hold no ':'). */
export function uniqueQueueName(label: string): string {
  return `effect-${label}-${randomUUID()}`;
}

/** Deletes every key under `prefix` with SCAN + DEL (never KEYS). */
export async function deletePrefix(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    await deleteKeysByPrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

/** Real time: a Redis adapter's TTLs and BullMQ's delays run on the server's clock. */
export const wait = (ms: number): Promise<void> => sleep(ms);
