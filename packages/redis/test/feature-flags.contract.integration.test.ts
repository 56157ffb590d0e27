import { featureFlagsContract } from "@hexkit/testing";
import { createRedisFeatureFlags } from "../src/index.js";
import { deletePrefix, sleep, testClient, testPrefix } from "./helpers/redis-env.js";

featureFlagsContract("redis", () => {
  const prefix = testPrefix("flags");
  const client = testClient();
  const flags = createRedisFeatureFlags(client, { key: `${prefix}flags` })._unsafeUnwrap();
  return Promise.resolve({
    subject: flags,
    advance: sleep,
    teardown: async () => {
      flags.close();
      await client.close();
      await deletePrefix(prefix);
    },
  });
});
