import { okAsync } from "@hexkit/core";
import { type Authenticator, headerValue, type Principal } from "@hexkit/fastify";
import { decodeJwt } from "jose";
import { createHash } from "node:crypto";

/** Options for `cacheVerifiedTokens`. */
export interface VerifiedTokenCacheOptions {
  /** Most tokens remembered; beyond it the oldest is forgotten. Default 10 000. */
  readonly maxEntries?: number;
  /** Longest one verification is reused, in ms, however far off the token's `exp` is. Default 60 000. */
  readonly maxAgeMs?: number;
  /** Now, in epoch ms. Default `Date.now`, the clock the JWT authenticator checks `exp` against. */
  readonly now?: () => number;
}

interface Verified {
  readonly principal: Principal;
  /** Epoch ms after which the token is verified again. */
  readonly until: number;
}

/**
 * Remembers the principal of each bearer token `jwt` accepted, so a client
 * that sends the same token again is not verified again (an HMAC through
 * WebCrypto and a key import on every request otherwise; most of an ingest
 * request's CPU after PostgreSQL).
 *
 * It accepts exactly what `jwt` accepts, as long as `jwt`'s verdict depends
 * only on the `Authorization` header and on time through `exp` (true for the
 * app's HS256 authenticator, which sets no `maxTokenAge`): an entry is reused
 * only before both the token's `exp` (without the clock tolerance `jwt`
 * allows) and `maxAgeMs` after it was verified. Refusals are never
 * remembered, so a bad token costs a full verification every time. Entries
 * are keyed by the SHA-256 of the header, so neither the tokens nor a
 * comparison with them sit in memory. Cached principals are frozen and shared.
 */
export function cacheVerifiedTokens(jwt: Authenticator, options: VerifiedTokenCacheOptions = {}): Authenticator {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Verified>();

  const remember = (key: string, header: string, principal: Principal): Principal => {
    const frozen = Object.freeze({ ...principal, scopes: Object.freeze([...principal.scopes]) });
    const at = now();
    const until = Math.min(at + maxAgeMs, expiryMs(header));
    if (until <= at) return frozen;
    if (entries.size >= maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done !== true) entries.delete(oldest.value);
    }
    entries.set(key, { principal: frozen, until });
    return frozen;
  };

  return {
    ...(jwt.challenge === undefined ? {} : { challenge: jwt.challenge }),
    ...(jwt.securitySchemes === undefined ? {} : { securitySchemes: jwt.securitySchemes }),
    authenticate(headers) {
      const header = headerValue(headers, "authorization");
      if (header === undefined) return jwt.authenticate(headers);
      const key = createHash("sha256").update(header).digest("base64");
      const hit = entries.get(key);
      if (hit !== undefined) {
        if (now() < hit.until) return okAsync(hit.principal);
        entries.delete(key);
      }
      return jwt.authenticate(headers).map((principal) => remember(key, header, principal));
    },
  };
}

/** The token's `exp` in epoch ms; 0 (do not remember) when it has none or cannot be read. */
function expiryMs(header: string): number {
  try {
    const exp = decodeJwt(header.slice(header.lastIndexOf(" ") + 1)).exp;
    return typeof exp === "number" ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}
