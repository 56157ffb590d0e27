import { cacheContract } from "@hexkit/testing";
import { createRedisCache } from "../src/index.js";
import { deletePrefix, sleep, testClient, testPrefix } from "./helpers/redis-env.js";

cacheContract("redis", () => {
  const prefix = testPrefix("cache");
  const client = testClient();
  const cache = createRedisCache(client, { keyPrefix: prefix })._unsafeUnwrap();
  return Promise.resolve({
    subject: cache,
    advance: sleep,
    teardown: async () => {
      await client.close();
      await deletePrefix(prefix);
    },
  });
});
