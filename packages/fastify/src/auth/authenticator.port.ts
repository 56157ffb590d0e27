import type { ResultAsync, Unauthorized, Unavailable } from "@hexkit/core";
import type { Principal } from "./principal.js";

/**
 * Authentication, as a port of this adapter: request headers in, a
 * `Principal` or a typed error out. It never throws. `Unavailable` is for a
 * verifier that cannot work right now (a JWKS endpoint that is down), which
 * the adapter answers 503, not 401: the caller's credentials may be fine.
 */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** An OpenAPI 3.1 security scheme object (`{ type: "http", scheme: "bearer" }`, …). */
export type SecurityScheme = Readonly<Record<string, unknown>>;

export type AuthenticationError = Unauthorized | Unavailable;

export interface Authenticator {
  /** Verifies the credentials in `headers` (lower-case names). */
  authenticate(headers: RequestHeaders): ResultAsync<Principal, AuthenticationError>;
  /** The `WWW-Authenticate` challenge sent with a 401, e.g. `Bearer`. */
  readonly challenge?: string;
  /** The security schemes this authenticator accepts, for the OpenAPI document. */
  readonly securitySchemes?: Readonly<Record<string, SecurityScheme>>;
}

/** The first value of a header (a repeated header arrives as an array). */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === "string" ? value : value?.[0];
}
