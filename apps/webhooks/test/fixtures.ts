import type { Endpoint } from "../src/domain/endpoint.js";
import { formatSecret } from "../src/domain/secret.js";

/** A valid endpoint with overrides, for domain tests. */
export function anEndpoint(overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    id: "ep_1",
    tenantId: "t1",
    url: "https://example.com/hook",
    description: "",
    eventTypes: null,
    secret: formatSecret(new Uint8Array(32).fill(3)),
    previousSecrets: [],
    disabled: false,
    disabledReason: null,
    rateLimitPerSecond: null,
    metadata: {},
    failingSince: null,
    createdAt: 1_735_689_600_000,
    updatedAt: 1_735_689_600_000,
    ...overrides,
  };
}
