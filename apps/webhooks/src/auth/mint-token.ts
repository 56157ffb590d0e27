import { SignJWT } from "jose";

/** What a token is minted with; must match the server's `auth` settings. */
export interface TokenSettings {
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  readonly tenantClaim: string;
}

/** Who the token is for. */
export interface TokenRequest {
  readonly tenantId: string;
  /** Default `dev`. */
  readonly subject?: string;
  /** Lifetime in seconds; default 30 days. */
  readonly ttlSeconds?: number;
}

/** Mints an HS256 bearer token the server accepts: `sub`, `iss`, `aud`, `iat`, `exp` and the tenant claim. */
export async function mintToken(settings: TokenSettings, request: TokenRequest): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ [settings.tenantClaim]: request.tenantId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(request.subject ?? "dev")
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (request.ttlSeconds ?? 30 * 24 * 3600))
    .sign(new TextEncoder().encode(settings.secret));
}
