import { lockContract } from "@hexkit/testing";
import { createRedisLock } from "../src/index.js";
import { deletePrefix, sleep, testClient, testPrefix } from "./helpers/redis-env.js";

lockContract("redis", () => {
  const prefix = testPrefix("lock");
  const client = testClient();
  return Promise.resolve({
    subject: createRedisLock(client, { keyPrefix: prefix })._unsafeUnwrap(),
    advance: sleep,
    teardown: async () => {
      await client.close();
      await deletePrefix(prefix);
    },
  });
});
