import { Redis } from "ioredis";
import type { Logger } from "@hexkit/core";

// Reconnect quickly at first, then every 2 s at most, forever: a worker must
// come back on its own whenever Redis does.
const reconnectDelay = (times: number): number => Math.min(times * 100, 2_000);

/**
 * The producer's client. The offline queue is off, so while Redis is down a
 * command fails at once instead of waiting for a reconnect: the producer can
 * answer `Unavailable` within its deadline, and the caller decides what to do.
 */
export function createProducerClient(url: string, connectTimeoutMs: number, logger?: Logger): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: connectTimeoutMs,
    retryStrategy: reconnectDelay,
  });
  watch(client, "producer", logger);
  return client;
}

/**
 * The worker's client (BullMQ duplicates it for its blocking connection).
 * Commands wait across reconnects (`maxRetriesPerRequest: null`, which BullMQ
 * requires of workers), so a worker rides out a Redis restart.
 */
export function createWorkerClient(url: string, logger?: Logger): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: reconnectDelay });
  watch(client, "worker", logger);
  return client;
}

function watch(client: Redis, role: string, logger?: Logger): void {
  // Without a listener ioredis reports every reconnect failure on stderr; the
  // errors are expected while Redis is down and surface as results instead.
  let reported = false;
  client.on("error", (error: Error) => {
    if (reported) return;
    reported = true;
    logger?.warn("Redis connection error", { role, err: error });
  });
  client.on("ready", () => {
    if (reported) logger?.info("Redis connection restored", { role });
    reported = false;
  });
}

/** Closes a client, waiting for replies in flight when connected; never rejects. */
export async function closeClient(client: Redis): Promise<void> {
  if (client.status === "ready") {
    await client.quit().catch(() => undefined);
  }
  client.disconnect();
}
