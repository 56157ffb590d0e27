import { createRedisCache, createRedisClient } from "@hexkit/redis";
import { cacheContract } from "@hexkit/testing";
import { Effect, ManagedRuntime } from "effect";
import { CacheService, acquireCloseable, fromResult } from "../src/index.js";
import { deletePrefix, redisUrl, testPrefix, wait } from "./support/redis-env.js";

// The Redis cache built inside the layer: the client is acquired in the
// layer's scope (closed on dispose) and the suite talks to a port built back
// from the service, so every call goes through Effect.
cacheContract("redis through the Effect layer", async () => {
  const prefix = testPrefix("cache");
  const live = CacheService.layerFrom(
    Effect.gen(function* () {
      const client = yield* acquireCloseable(fromResult(() => createRedisClient({ url: redisUrl, commandTimeoutMs: 2_000 })));
      return yield* fromResult(createRedisCache(client, { keyPrefix: prefix }));
    }),
  );
  const runtime = ManagedRuntime.make(live);
  const service = await runtime.runPromise(CacheService);
  return {
    subject: CacheService.toPort(service),
    advance: wait,
    teardown: async () => {
      await runtime.dispose();
      await deletePrefix(prefix);
    },
  };
});
