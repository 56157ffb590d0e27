import type { Socket } from "node:net";
import { ok } from "@hexkit/core";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/index.js";
import { deletePrefix, redisUrl, testClient, testPrefix, waitFor } from "./helpers/redis-env.js";

/** Counts the writes that reach the socket itself (after Node's stream buffering). */
function countSocketWrites(socket: Socket): { count(): number } {
  let writes = 0;
  const target = socket as unknown as { _write: (...args: unknown[]) => unknown; _writev: (...args: unknown[]) => unknown };
  const write = target._write.bind(socket);
  const writev = target._writev.bind(socket);
  target._write = (...args) => {
    writes++;
    return write(...args);
  };
  target._writev = (...args) => {
    writes++;
    return writev(...args);
  };
  return { count: () => writes };
}

describe("Write coalescing", () => {
  let prefix: string;
  let client: RedisClient;
  let raw: Redis;
  const keys = Array.from({ length: 50 }, (_, i) => `k${i}`);

  beforeEach(async () => {
    prefix = testPrefix("coalesce");
    client = testClient();
    raw = new Redis(redisUrl);
    for (const key of keys) await raw.set(prefix + key, `value of ${key}`);
    await waitFor(() => client.isReady(), 3_000, "the client to connect");
  });
  afterEach(async () => {
    await client.close();
    raw.disconnect();
    await deletePrefix(prefix);
  });

  it("writes the first command of a turn at once and the rest of the turn in one socket write, answering each its own reply", async () => {
    const writes = countSocketWrites((client.connection as Redis).stream);
    const answers = await Promise.all(keys.map((key) => client.run("get", (c) => c.get(prefix + key))));
    expect(answers).toEqual(keys.map((key) => ok(`value of ${key}`)));
    expect(writes.count()).toBe(2);
  });

  it("coalesces commands sent straight on the connection too (pipelines, scripts, raw commands)", async () => {
    const connection = client.connection as Redis;
    const writes = countSocketWrites(connection.stream);
    const answers = await Promise.all(keys.map((key) => connection.get(prefix + key)));
    expect(answers).toEqual(keys.map((key) => `value of ${key}`));
    expect(writes.count()).toBe(2);
  });

  it("writes a command sent while nothing else is in flight at once, so one-at-a-time callers never wait for a tick", async () => {
    const writes = countSocketWrites((client.connection as Redis).stream);
    for (const key of keys.slice(0, 5)) {
      const answer = client.run("get", (c) => c.get(prefix + key));
      // Written synchronously by the call itself: no cork is pending until a later tick.
      expect(writes.count()).toBe(keys.indexOf(key) + 1);
      expect(await answer).toEqual(ok(`value of ${key}`));
    }
  });
});
