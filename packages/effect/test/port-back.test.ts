import { type LockHandle, err, ok, unavailable } from "@hexkit/core";
import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import {
  type CacheServiceShape,
  CacheService,
  type LockServiceShape,
  LockService,
  RateLimiterService,
  type RateLimiterServiceShape,
} from "../src/index.js";

const bug = new Error("service bug");

/** An Effect-native cache service (no hexkit adapter behind it) that dies on get. */
const nativeCache: CacheServiceShape = {
  get: (key) => (key === "boom" ? Effect.die(bug) : Effect.succeed(`value of ${key}`)),
  getMany: (keys) => Effect.succeed(keys.map((k) => `value of ${k}`)),
  set: () => Effect.void,
  setMany: () => Effect.void,
  delete: () => Effect.interrupt,
  invalidateTags: (tags) => Effect.succeed(tags.length),
};

describe("ports built back from services", () => {
  it("answer the service's values and typed errors", async () => {
    const cache = CacheService.toPort(nativeCache);
    expect(await cache.get("k")).toEqual(ok("value of k"));
    expect(await cache.invalidateTags(["a", "b"])).toEqual(ok(2));
    const limiter: RateLimiterServiceShape = { consume: () => Effect.fail(unavailable("redis")), reset: () => Effect.void };
    expect(await RateLimiterService.toPort(limiter).consume("k")).toEqual(err(unavailable("redis")));
  });

  it("answer a defect as Unavailable naming the service, with the defect as cause", async () => {
    expect(await CacheService.toPort(nativeCache).get("boom")).toEqual(
      err(unavailable("@hexkit/Cache", bug, "@hexkit/Cache failed with a defect")),
    );
  });

  it("answer an interruption as Unavailable naming the service", async () => {
    const result = await CacheService.toPort(nativeCache).delete("k");
    expect(result.isErr() && [result.error._tag, result.error.message]).toEqual(["Unavailable", "@hexkit/Cache was interrupted"]);
  });

  it("keep Conflict from a lock service", async () => {
    const handle: LockHandle = { key: "k", token: "t" };
    const service: LockServiceShape = {
      acquire: () => Effect.fail({ _tag: "Conflict", message: "held" }),
      release: () => Effect.succeed(true),
      extend: () => Effect.succeed(false),
    };
    const lock = LockService.toPort(service);
    expect(await lock.acquire("k", 100)).toEqual(err({ _tag: "Conflict", message: "held" }));
    expect(await lock.release(handle)).toEqual(ok(true));
    expect(await lock.extend(handle, 100)).toEqual(ok(false));
  });
});
