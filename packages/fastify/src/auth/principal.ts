/**
 * Who is calling: what an `Authenticator` answers and what handlers see as
 * `ctx.principal`. Immutable; built once per request.
 */
export interface Principal {
  /** Stable id of the caller (a JWT's `sub`, an API key's id). */
  readonly subject: string;
  /** The tenant the caller acts for; absent for callers outside any tenant. */
  readonly tenantId?: string;
  /** Granted scopes, e.g. `endpoints:write`. */
  readonly scopes: readonly string[];
  /** How the caller proved who it is, e.g. `jwt` or `api-key`. */
  readonly method: string;
}
