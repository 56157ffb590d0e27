import type { Redis } from "ioredis";

/*
 * Idempotency keys ride on BullMQ's deduplication in its "simple" mode: the
 * enqueue script sets the key (pointing at the new job, no expiry) in the
 * same atomic step that creates the job, or answers the job the key already
 * points at. BullMQ deletes such a key when the job finishes; to hold it for
 * a window after that, the worker gives the key an expiry just before the job
 * finishes (BullMQ keeps keys that have one). These two scripts are that
 * step, and its inverse for replay.
 */

// Give the key its post-finish expiry, but only while it still names this job.
const settleScript = `
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("PEXPIRE", KEYS[1], ARGV[2])
end
return 0`;

// A replayed job holds its key again until it finishes, unless another job took the key since.
const reclaimScript = `
local current = redis.call("GET", KEYS[1])
if current == ARGV[1] then
  redis.call("PERSIST", KEYS[1])
  return 1
end
if not current then
  redis.call("SET", KEYS[1], ARGV[1])
  return 1
end
return 0`;

/** Starts the key's window of `windowMs` now, if the key still names `jobId`. */
export async function settleIdempotencyKey(client: Redis, key: string, jobId: string, windowMs: number): Promise<void> {
  await client.eval(settleScript, 1, key, jobId, String(windowMs));
}

/** Makes `jobId` hold its key again without expiry, unless another job holds it. */
export async function reclaimIdempotencyKey(client: Redis, key: string, jobId: string): Promise<boolean> {
  return (await client.eval(reclaimScript, 1, key, jobId)) === 1;
}

const globSpecial = /[*?[\]\\]/g;

/**
 * Deletes every idempotency key of a queue. BullMQ's obliterate leaves keys
 * that have an expiry (those in their post-finish window), so a queue that
 * is thrown away would otherwise keep them until they expire.
 */
export async function deleteIdempotencyKeys(client: Redis, keyPrefix: string): Promise<void> {
  const pattern = `${keyPrefix.replace(globSpecial, (c) => `\\${c}`)}*`;
  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", pattern, "COUNT", 500);
    if (keys.length > 0) await client.unlink(...keys);
    cursor = next;
  } while (cursor !== "0");
}
