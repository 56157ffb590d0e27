import { ok } from "@hexkit/core";
import { createFakeClock } from "@hexkit/testing";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createRedisFeatureFlags } from "../src/index.js";
import { deletePrefix, redisUrl, testClient, testPrefix, waitFor } from "./helpers/redis-env.js";

describe("Redis feature flags across instances", () => {
  it("shows a change made by one instance to another within about a round trip, by pub/sub", async () => {
    const prefix = testPrefix("flags-pubsub");
    const [ca, cb] = [testClient(), testClient()];
    // refreshMs is an hour: only the change notice can make B see the change in time.
    const a = createRedisFeatureFlags(ca, { key: `${prefix}flags`, refreshMs: 3_600_000 })._unsafeUnwrap();
    const b = createRedisFeatureFlags(cb, { key: `${prefix}flags`, refreshMs: 3_600_000 })._unsafeUnwrap();
    try {
      await waitFor(() => b.listening(), 3_000, "B's subscription");
      expect(await b.isEnabled("f")).toEqual(ok(false));
      await a.set("f", { enabled: true });
      await waitFor(async () => (await b.isEnabled("f"))._unsafeUnwrap(), 500, "B to see the flag");
      await a.set("f", { enabled: false });
      await waitFor(async () => !(await b.isEnabled("f"))._unsafeUnwrap(), 500, "B to see the change");
      await a.delete("f");
      await a.set("g", { enabled: true, percentage: 100 });
      await waitFor(async () => (await b.isEnabled("g"))._unsafeUnwrap(), 500, "B to see the new flag");
    } finally {
      a.close();
      b.close();
      await Promise.all([ca.close(), cb.close()]);
      await deletePrefix(prefix);
    }
  });

  it("shows a change within refreshMs when change notices are lost", async () => {
    const prefix = testPrefix("flags-refresh");
    const client = testClient();
    const clock = createFakeClock();
    const flags = createRedisFeatureFlags(client, { key: `${prefix}flags`, refreshMs: 1_000 }, { clock })._unsafeUnwrap();
    const writer = new Redis(redisUrl);
    try {
      await waitFor(() => flags.listening(), 3_000, "the subscription");
      expect(await flags.isEnabled("f")).toEqual(ok(false));
      // Written behind the store's back: no notice is published.
      await writer.hset(`${prefix}flags`, "f", JSON.stringify({ enabled: true }));
      await clock.advance(999);
      expect(await flags.isEnabled("f")).toEqual(ok(false));
      await clock.advance(1);
      expect(await flags.isEnabled("f")).toEqual(ok(true));
    } finally {
      flags.close();
      writer.disconnect();
      await client.close();
      await deletePrefix(prefix);
    }
  });

  it("treats a malformed stored flag as off", async () => {
    const prefix = testPrefix("flags-bad");
    const client = testClient();
    const writer = new Redis(redisUrl);
    try {
      await writer.hset(`${prefix}flags`, "bad", "{not json", "worse", JSON.stringify({ enabled: "yes" }));
      const flags = createRedisFeatureFlags(client, { key: `${prefix}flags` })._unsafeUnwrap();
      expect(await flags.isEnabled("bad")).toEqual(ok(false));
      expect(await flags.get("worse")).toEqual(ok(undefined));
      flags.close();
    } finally {
      writer.disconnect();
      await client.close();
      await deletePrefix(prefix);
    }
  });
});
