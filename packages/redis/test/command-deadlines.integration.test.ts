import { ok } from "@hexkit/core";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/index.js";
import { deletePrefix, redisUrl, sleep, testClient, testPrefix, waitFor } from "./helpers/redis-env.js";

// BLPOP on an empty list holds this client's connection (not the shared
// server) for its whole timeout, so every command sent behind it is late.
describe("Command deadlines", () => {
  let prefix: string;
  let client: RedisClient;
  let raw: Redis;

  beforeEach(async () => {
    prefix = testPrefix("deadlines");
    client = testClient({ commandTimeoutMs: 150, ioredis: { commandTimeout: 60_000 } });
    raw = new Redis(redisUrl);
    await raw.set(`${prefix}k`, "v");
    await waitFor(() => client.isReady(), 3_000, "the client to connect");
  });
  afterEach(async () => {
    await client.close();
    raw.disconnect();
    await deletePrefix(prefix);
  });

  it("answers Timeout for each late command, each at its own deadline, and serves again once the connection is free", async () => {
    const started = performance.now();
    const elapsed = (): number => performance.now() - started;
    const timed = async <T>(call: PromiseLike<T>): Promise<{ r: T; at: number }> => {
      const r = await call;
      return { r, at: elapsed() };
    };
    const blocking = timed(client.run("blpop", (c) => c.blpop(`${prefix}empty`, 1)));
    await sleep(60);
    const behind = timed(client.run("get", (c) => c.get(`${prefix}k`)));
    const [first, second] = await Promise.all([blocking, behind]);

    expect(first.r._unsafeUnwrapErr()).toMatchObject({ _tag: "Timeout", afterMs: 150 });
    expect(second.r._unsafeUnwrapErr()).toMatchObject({ _tag: "Timeout", afterMs: 150 });
    // Each at its own deadline (150 ms after it was sent), not both at the first one,
    // and not at the 60 s passed through to ioredis, which must not win.
    expect(first.at).toBeGreaterThanOrEqual(145);
    expect(second.at).toBeGreaterThanOrEqual(first.at + 40);
    expect(second.at).toBeLessThan(1_000);

    // BLPOP gives up after 1 s on the server; the connection answers again after that.
    await sleep(1_000);
    expect(await client.run("get", (c) => c.get(`${prefix}k`))).toEqual(ok("v"));
  });

  it("keeps no timer alive when nothing is in flight, so an idle client never holds the process open", async () => {
    expect(await client.run("get", (c) => c.get(`${prefix}k`))).toEqual(ok("v"));
    const timers = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    await sleep(200);
    // The one deadline timer armed for the GET has fired and was not re-armed.
    expect(process.getActiveResourcesInfo().filter((r) => r === "Timeout").length).toBeLessThan(timers);
  });
});
