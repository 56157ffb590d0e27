import type { LightMyRequestResponse } from "fastify";
import { createApiKeyAuthenticator, hashApiKey } from "../src/index.js";

/** API keys of the sample principals. */
export const keys = { writer: "key-writer-0123456789abcdef", reader: "key-reader-0123456789abcdef", global: "key-global-0123456789abcdef" };

/** An API-key authenticator for the sample principals. */
export function sampleAuthenticator() {
  return createApiKeyAuthenticator({
    keys: [
      { hash: hashApiKey(keys.writer), subject: "writer", tenantId: "t1", scopes: ["items:write"] },
      { hash: hashApiKey(keys.reader), subject: "reader", tenantId: "t2" },
      { hash: hashApiKey(keys.global), subject: "ops" },
    ],
  });
}

/** Asserts the answer is problem+json and returns its body. */
export function problemOf(res: LightMyRequestResponse): Record<string, unknown> {
  if (!String(res.headers["content-type"]).startsWith("application/problem+json")) {
    throw new Error(`expected problem+json, got ${String(res.headers["content-type"])}: ${res.body}`);
  }
  return res.json<Record<string, unknown>>();
}
