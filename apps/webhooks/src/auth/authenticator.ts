import { anyAuthenticator, type Authenticator, createApiKeyAuthenticator, createJwtAuthenticator } from "@hexkit/fastify";
import type { WebhooksConfig } from "../config.js";
import type { TokenSettings } from "./mint-token.js";
import { cacheVerifiedTokens, type VerifiedTokenCacheOptions } from "./verified-token-cache.js";

/**
 * The API's authenticator: a bearer JWT (HS256, tenant from the configured
 * claim), or, when API keys are configured, an `x-api-key`. There is no
 * anonymous access to /v1. An accepted token is remembered until its `exp`
 * (at most a minute), so a client's next requests skip the signature check
 * (`cacheVerifiedTokens`).
 */
export function createAuthenticator(config: WebhooksConfig["auth"], token: TokenSettings, cache: VerifiedTokenCacheOptions = {}): Authenticator {
  const jwt = cacheVerifiedTokens(
    createJwtAuthenticator({
      key: { type: "secret", secret: token.secret },
      issuer: token.issuer,
      audience: token.audience,
      tenantClaim: token.tenantClaim,
    }),
    cache,
  );
  if (config.apiKeys.length === 0) return jwt;
  const keys = createApiKeyAuthenticator({ keys: config.apiKeys.map((k) => ({ hash: k.hash, subject: k.name, tenantId: k.tenantId })) });
  return anyAuthenticator(jwt, keys);
}

/** The token settings of a config: its secret, or the given development secret. */
export function tokenSettings(config: WebhooksConfig["auth"], devSecret: () => string): TokenSettings {
  return { secret: config.jwtSecret ?? devSecret(), issuer: config.issuer, audience: config.audience, tenantClaim: config.tenantClaim };
}
