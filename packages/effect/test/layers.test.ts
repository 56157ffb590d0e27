import { type Cache, internal, okAsync, unavailable } from "@hexkit/core";
import { createMemoryCache } from "@hexkit/memory";
import { createFakeClock } from "@hexkit/testing";
import { Effect, Exit, Layer, ManagedRuntime } from "effect";
import { describe, expect, it } from "vitest";
import { CacheService, type CacheServiceShape, PortService, makeCacheService } from "../src/index.js";

const program = Effect.flatMap(CacheService, (cache) => Effect.andThen(cache.set("k", "v", 1_000), cache.get("k")));

/** A cache that counts how often it was built and closed. */
function tracked(): { readonly open: () => Cache & { close(): Promise<void> }; readonly built: () => number; readonly closed: () => number } {
  let built = 0;
  let closed = 0;
  return {
    open: () => {
      built++;
      return Object.assign(createMemoryCache({ clock: createFakeClock() }), {
        close: () => {
          closed++;
          return Promise.resolve();
        },
      });
    },
    built: () => built,
    closed: () => closed,
  };
}

describe("PortService layers", () => {
  it("layerFrom builds the adapter once per layer build, from a function", async () => {
    const cache = tracked();
    const runtime = ManagedRuntime.make(CacheService.layerFrom(cache.open));
    expect(cache.built()).toBe(0);
    expect(await runtime.runPromise(program)).toBe("v");
    expect(await runtime.runPromise(program)).toBe("v");
    expect(cache.built()).toBe(1);
    await runtime.dispose();
    expect(cache.closed()).toBe(0);
  });

  it("layerFrom takes an Effect, and its failure is the layer's typed error", async () => {
    const failing = CacheService.layerFrom(Effect.fail(unavailable("redis")));
    expect(await Effect.runPromiseExit(Effect.provide(program, failing))).toEqual(Exit.fail(unavailable("redis")));
  });

  it("layerScoped closes the adapter when the runtime is disposed", async () => {
    const cache = tracked();
    const runtime = ManagedRuntime.make(CacheService.layerScoped(cache.open));
    expect(await runtime.runPromise(program)).toBe("v");
    expect(cache.closed()).toBe(0);
    await runtime.dispose();
    expect([cache.built(), cache.closed()]).toEqual([1, 1]);
  });

  it("layerScoped closes the adapter when a program with the layer ends, also on failure", async () => {
    const cache = tracked();
    const failing = Effect.andThen(program, Effect.fail(internal("after the read")));
    await Effect.runPromiseExit(Effect.provide(failing, CacheService.layerScoped(cache.open)));
    expect([cache.built(), cache.closed()]).toEqual([1, 1]);
  });

  it("make gives the service's methods without a layer", async () => {
    const service = CacheService.make(createMemoryCache({ clock: createFakeClock() }));
    expect(await Effect.runPromise(Effect.andThen(service.set("a", "1", 1_000), service.get("a")))).toBe("1");
  });

  it("declares a second service over the same port, independent of the first", async () => {
    class SessionCache extends PortService<SessionCache, Cache, CacheServiceShape>()("test/SessionCache", makeCacheService) {}
    const clock = createFakeClock();
    const both = Layer.merge(CacheService.layer(createMemoryCache({ clock })), SessionCache.layer(createMemoryCache({ clock })));
    const twoCaches = Effect.gen(function* () {
      const main = yield* CacheService;
      const sessions = yield* SessionCache;
      yield* main.set("k", "main", 1_000);
      return [yield* main.get("k"), yield* sessions.get("k")];
    });
    expect(await Effect.runPromise(Effect.provide(twoCaches, both))).toEqual(["main", undefined]);
  });

  it("runs the adapter call again on every run of a service Effect", async () => {
    let calls = 0;
    const counting: Cache = { ...createMemoryCache({ clock: createFakeClock() }), get: () => (calls++, okAsync("x")) };
    const read = CacheService.make(counting).get("k");
    await Effect.runPromise(Effect.all([read, read, read]));
    expect(calls).toBe(3);
  });
});
