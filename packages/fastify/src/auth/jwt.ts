import {
  type Clock,
  type Result,
  ResultAsync,
  type Unauthorized,
  type Unavailable,
  err,
  errAsync,
  ok,
  unauthorized,
  unavailable,
} from "@hexkit/core";
import { type CryptoKey, type JWK, type JWTPayload, type JWTVerifyGetKey, createRemoteJWKSet, importJWK, importSPKI, jwtVerify } from "jose";
import { z } from "zod";
import { zodIssues } from "../validate.js";
import { type Authenticator, type RequestHeaders, headerValue } from "./authenticator.port.js";
import type { Principal } from "./principal.js";

/**
 * An `Authenticator` for `Authorization: Bearer <JWT>`, on jose. The
 * algorithm is pinned by the options and must fit the key: a shared secret
 * only verifies HS256, a public key or JWKS only RS256 or EdDSA. So a token
 * with `alg: none`, or one signed with HS256 using the public key as the
 * secret (algorithm confusion), is refused. `iss`, `aud`, `exp` and `sub`
 * are required. A JWKS is fetched on demand and cached by jose.
 */
const asymmetric = z.enum(["RS256", "EdDSA"]);

const JwtKey = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("secret"),
    algorithm: z.literal("HS256").default("HS256"),
    /** At least 32 bytes: HS256 needs a 256-bit key (RFC 7518 §3.2). */
    secret: z.string().refine((s) => Buffer.byteLength(s) >= 32, "must be at least 32 bytes"),
  }),
  z.object({ type: z.literal("spki"), algorithm: asymmetric, pem: z.string().includes("BEGIN PUBLIC KEY") }),
  z.object({ type: z.literal("jwk"), algorithm: asymmetric, jwk: z.record(z.string(), z.unknown()) }),
  z.object({
    type: z.literal("jwks"),
    algorithm: asymmetric,
    url: z.url({ protocol: /^https?$/ }),
    /** How long fetched keys are used before they are fetched again, in ms. */
    cacheMaxAgeMs: z.number().int().positive().default(600_000),
    /** Least time between two fetches triggered by an unknown `kid`, in ms. */
    cooldownMs: z.number().int().nonnegative().default(30_000),
    /** Deadline of one JWKS fetch, in ms. */
    timeoutMs: z.number().int().positive().default(5_000),
  }),
]);

export const JwtAuthenticatorOptions = z
  .object({
    key: JwtKey,
    issuer: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    /** Allowed clock skew, in seconds. */
    clockToleranceSeconds: z.number().int().nonnegative().default(5),
    /** Refuse tokens issued longer ago than this, in seconds (needs `iat`). */
    maxTokenAgeSeconds: z.number().int().positive().optional(),
    /** Claim with the scopes: a space-separated string (`scope`) or an array (`scp`). */
    scopesClaim: z.string().min(1).default("scope"),
    /** Claim with the tenant id; absent means the principal has no tenant. */
    tenantClaim: z.string().min(1).default("tenant_id"),
  })
  .strict();

export type JwtAuthenticatorOptionsInput = z.input<typeof JwtAuthenticatorOptions>;

const bearer = /^Bearer +([A-Za-z0-9\-_.~+/]+=*)$/i;

function scopesOf(claim: unknown): string[] {
  if (typeof claim === "string") return claim.split(" ").filter((s) => s.length > 0);
  if (Array.isArray(claim)) return claim.filter((s): s is string => typeof s === "string");
  return [];
}

function toPrincipal(payload: JWTPayload, scopesClaim: string, tenantClaim: string): Result<Principal, Unauthorized> {
  if (typeof payload.sub !== "string" || payload.sub.length === 0) return err(unauthorized("The token has no subject"));
  const tenant = payload[tenantClaim];
  const scopes = scopesOf(payload[scopesClaim]);
  return ok(
    typeof tenant === "string" && tenant.length > 0
      ? { subject: payload.sub, tenantId: tenant, scopes, method: "jwt" }
      : { subject: payload.sub, scopes, method: "jwt" },
  );
}

/** Maps what jose throws to the port's errors: key-source failures are Unavailable, the rest Unauthorized. */
export function toAuthError(cause: unknown): Unauthorized | Unavailable {
  const code = typeof cause === "object" && cause !== null ? (cause as { code?: unknown }).code : undefined;
  switch (code) {
    case "ERR_JWT_EXPIRED":
      return unauthorized("The token has expired");
    case "ERR_JWKS_TIMEOUT":
    case "ERR_JWKS_INVALID":
      return unavailable("jwks", cause);
    case undefined:
      // Not a JOSE error: the JWKS fetch failed (network) or the key could not be imported.
      return unavailable("jwks", cause);
    default:
      return unauthorized("The token is invalid");
  }
}

type KeySource = CryptoKey | Uint8Array | JWTVerifyGetKey;

function keySource(key: z.output<typeof JwtKey>): () => Promise<KeySource> {
  switch (key.type) {
    case "secret": {
      // Imported once as a WebCrypto key: given raw bytes, jose imports them again on every verification
      // (measured at ~30 µs a token). Non-extractable, HMAC SHA-256 for verifying only, so jose still refuses
      // it for any algorithm but the pinned HS256.
      const bytes = new TextEncoder().encode(key.secret);
      let imported: Promise<CryptoKey> | undefined;
      return () => (imported ??= crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]));
    }
    case "spki": {
      let imported: Promise<CryptoKey> | undefined;
      return () => (imported ??= importSPKI(key.pem, key.algorithm));
    }
    case "jwk": {
      let imported: Promise<CryptoKey | Uint8Array> | undefined;
      return () => (imported ??= importJWK(key.jwk as JWK, key.algorithm));
    }
    case "jwks": {
      const set = createRemoteJWKSet(new URL(key.url), {
        cacheMaxAge: key.cacheMaxAgeMs,
        cooldownDuration: key.cooldownMs,
        timeoutDuration: key.timeoutMs,
      });
      return () => Promise.resolve(set);
    }
  }
}

/**
 * Creates the JWT authenticator. Throws a `TypeError` listing every bad
 * option (a composition-time error). `clock` sets "now" for `exp`/`nbf`.
 */
export function createJwtAuthenticator(options: JwtAuthenticatorOptionsInput, deps: { readonly clock?: Clock } = {}): Authenticator {
  const parsed = JwtAuthenticatorOptions.safeParse(options);
  if (!parsed.success) {
    const lines = zodIssues(parsed.error.issues, []).map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new TypeError(`Invalid JWT authenticator options:\n  ${lines.join("\n  ")}`);
  }
  const o = parsed.data;
  const getKey = keySource(o.key);
  const algorithms = [o.key.algorithm];
  const verify = async (token: string): Promise<JWTPayload> => {
    const key = await getKey();
    const verifyOptions = {
      algorithms,
      issuer: o.issuer,
      audience: o.audience,
      requiredClaims: ["exp", "sub"],
      clockTolerance: o.clockToleranceSeconds,
      ...(o.maxTokenAgeSeconds === undefined ? {} : { maxTokenAge: o.maxTokenAgeSeconds }),
      ...(deps.clock === undefined ? {} : { currentDate: new Date(deps.clock.now()) }),
    };
    // jose overloads on the key's type; both branches verify the same way.
    const result = typeof key === "function" ? await jwtVerify(token, key, verifyOptions) : await jwtVerify(token, key, verifyOptions);
    return result.payload;
  };
  return {
    challenge: "Bearer",
    securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    authenticate(headers: RequestHeaders) {
      const header = headerValue(headers, "authorization");
      if (header === undefined) return errAsync(unauthorized("Missing bearer token"));
      const match = bearer.exec(header);
      if (match?.[1] === undefined) return errAsync(unauthorized("Malformed Authorization header"));
      return ResultAsync.fromPromise(verify(match[1]), toAuthError).andThen((payload) => toPrincipal(payload, o.scopesClaim, o.tenantClaim));
    },
  };
}
