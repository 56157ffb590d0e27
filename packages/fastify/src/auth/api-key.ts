import { createHash, timingSafeEqual } from "node:crypto";
import { type ResultAsync, type Unauthorized, errAsync, okAsync, unauthorized } from "@hexkit/core";
import { z } from "zod";
import { zodIssues } from "../validate.js";
import { type Authenticator, type RequestHeaders, headerValue } from "./authenticator.port.js";
import type { Principal } from "./principal.js";

/**
 * An `Authenticator` for API keys in a header (`x-api-key` by default). Only
 * SHA-256 hashes of the keys are configured, never the keys. A presented key
 * is hashed and compared with every configured hash in constant time, with
 * no early exit, so timing reveals neither which key matched nor how much of
 * one did. SHA-256 (not a slow KDF) is right for keys with ≥ 128 bits of
 * randomness, which is what `hashApiKey` assumes.
 */
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "a lower-case hex SHA-256 hash");

export const ApiKeyAuthenticatorOptions = z
  .object({
    header: z.string().regex(/^[a-z0-9-]+$/).default("x-api-key"),
    keys: z
      .array(
        z.object({
          /** `hashApiKey(key)`. */
          hash: sha256Hex,
          subject: z.string().min(1),
          tenantId: z.string().min(1).optional(),
          scopes: z.array(z.string().min(1)).default([]),
        }),
      )
      .min(1),
  })
  .strict();

export type ApiKeyAuthenticatorOptionsInput = z.input<typeof ApiKeyAuthenticatorOptions>;

/** The SHA-256 hex digest of `key`, to put in the options instead of the key. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** Creates the API-key authenticator. Throws a `TypeError` listing every bad option. */
export function createApiKeyAuthenticator(options: ApiKeyAuthenticatorOptionsInput): Authenticator {
  const parsed = ApiKeyAuthenticatorOptions.safeParse(options);
  if (!parsed.success) {
    const lines = zodIssues(parsed.error.issues, []).map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new TypeError(`Invalid API key authenticator options:\n  ${lines.join("\n  ")}`);
  }
  const { header, keys } = parsed.data;
  const entries = keys.map((k) => ({
    hash: Buffer.from(k.hash, "hex"),
    principal: (k.tenantId === undefined
      ? { subject: k.subject, scopes: k.scopes, method: "api-key" }
      : { subject: k.subject, tenantId: k.tenantId, scopes: k.scopes, method: "api-key" }) satisfies Principal,
  }));
  return {
    securitySchemes: { apiKey: { type: "apiKey", in: "header", name: header } },
    authenticate(headers: RequestHeaders): ResultAsync<Principal, Unauthorized> {
      const presented = headerValue(headers, header);
      if (presented === undefined || presented.length === 0) return errAsync(unauthorized("Missing API key"));
      const digest = createHash("sha256").update(presented, "utf8").digest();
      let found: Principal | undefined;
      for (const entry of entries) {
        // Every entry is compared, match or not: the loop's time does not depend on the key.
        if (timingSafeEqual(digest, entry.hash) && found === undefined) found = entry.principal;
      }
      return found === undefined ? errAsync(unauthorized("Invalid API key")) : okAsync(found);
    },
  };
}
