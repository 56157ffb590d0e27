import { compose, type Composition } from "../../src/compose.js";
import { mintToken } from "../../src/auth/mint-token.js";
import { defaultConfig } from "../../src/config.js";
import { createSilentLogger } from "./silent-logger.js";

/** The app on embedded defaults with loopback allowed and a fixed JWT secret, for inject() tests. */
export function composeForTest(overrides: Parameters<typeof defaultConfig>[0] = {}): Composition & { tokenFor(tenantId: string): Promise<string> } {
  const config = defaultConfig({
    auth: { jwtSecret: "test-secret-that-is-at-least-32-bytes-long" },
    egress: { allow: ["127.0.0.0/8"] },
    server: { rateLimitPerMinute: 0 },
    ...overrides,
  });
  const composition = compose(config, { logger: createSilentLogger() });
  return { ...composition, tokenFor: (tenantId) => mintToken(composition.token, { tenantId }) };
}
