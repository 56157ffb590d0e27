import { createFakeClock, rateLimiterContract } from "@hexkit/testing";
import { createRedisRateLimiter } from "../src/index.js";
import { deletePrefix, sleep, testClient, testPrefix } from "./helpers/redis-env.js";

// The default: windows on the server's clock, so real time must pass.
rateLimiterContract("redis (server time)", ({ policy }) => {
  const prefix = testPrefix("rl");
  const client = testClient();
  return Promise.resolve({
    subject: createRedisRateLimiter(client, { keyPrefix: prefix, ...policy })._unsafeUnwrap(),
    advance: sleep,
    teardown: async () => {
      await client.close();
      await deletePrefix(prefix);
    },
  });
});

// Windows on an injected clock: the same script, driven by a fake clock.
rateLimiterContract("redis (injected clock)", ({ policy }) => {
  const prefix = testPrefix("rl-clock");
  const client = testClient();
  const clock = createFakeClock();
  return Promise.resolve({
    subject: createRedisRateLimiter(client, { keyPrefix: prefix, ...policy, timeSource: "clock" }, { clock })._unsafeUnwrap(),
    advance: (ms) => clock.advance(ms),
    teardown: async () => {
      await client.close();
      await deletePrefix(prefix);
    },
  });
});
