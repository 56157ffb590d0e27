import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { err, ok, unauthorized } from "@hexkit/core";
import { createFakeClock } from "@hexkit/testing";
import { type CryptoKey, SignJWT, base64url, exportJWK, exportSPKI, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJwtAuthenticator } from "../src/index.js";

const issuer = "https://issuer.test";
const audience = "hexkit-api";
const secret = "s".repeat(32);
const clock = createFakeClock();
const nowSeconds = () => Math.floor(clock.now() / 1000);

async function sign(key: CryptoKey | Uint8Array, alg: string, claims: Record<string, unknown> = {}, options: { exp?: number | null; iss?: string; aud?: string; kid?: string } = {}) {
  let jwt = new SignJWT({ scope: "items:read items:write", tenant_id: "t1", ...claims })
    .setProtectedHeader(options.kid === undefined ? { alg } : { alg, kid: options.kid })
    .setSubject("user-1")
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? audience)
    .setIssuedAt(nowSeconds());
  if (options.exp !== null) jwt = jwt.setExpirationTime(options.exp ?? nowSeconds() + 60);
  return jwt.sign(key);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const principal = { subject: "user-1", tenantId: "t1", scopes: ["items:read", "items:write"], method: "jwt" };

describe("JWT authenticator", () => {
  const hs = createJwtAuthenticator({ key: { type: "secret", secret }, issuer, audience }, { clock });
  const hsKey = new TextEncoder().encode(secret);
  let rsa: { publicKey: CryptoKey; privateKey: CryptoKey };
  let ed: { publicKey: CryptoKey; privateKey: CryptoKey };
  let rsaPem: string;

  beforeAll(async () => {
    rsa = await generateKeyPair("RS256", { extractable: true });
    ed = await generateKeyPair("EdDSA", { extractable: true });
    rsaPem = await exportSPKI(rsa.publicKey);
  });

  it("accepts an HS256 token and reads subject, scopes and tenant", async () => {
    expect(await hs.authenticate(bearer(await sign(hsKey, "HS256")))).toEqual(ok(principal));
  });

  it("accepts an RS256 token verified with a PEM public key", async () => {
    const rs = createJwtAuthenticator({ key: { type: "spki", algorithm: "RS256", pem: rsaPem }, issuer, audience }, { clock });
    expect(await rs.authenticate(bearer(await sign(rsa.privateKey, "RS256")))).toEqual(ok(principal));
  });

  it("accepts an EdDSA token verified with a JWK", async () => {
    const jwk = await exportJWK(ed.publicKey);
    const eddsa = createJwtAuthenticator({ key: { type: "jwk", algorithm: "EdDSA", jwk: { ...jwk } }, issuer, audience }, { clock });
    expect(await eddsa.authenticate(bearer(await sign(ed.privateKey, "EdDSA")))).toEqual(ok(principal));
  });

  it("reads scopes from an array claim and a principal without a tenant", async () => {
    const scp = createJwtAuthenticator({ key: { type: "secret", secret }, issuer, audience, scopesClaim: "scp" }, { clock });
    const token = await sign(hsKey, "HS256", { scp: ["a", "b"], tenant_id: undefined });
    expect(await scp.authenticate(bearer(token))).toEqual(ok({ subject: "user-1", scopes: ["a", "b"], method: "jwt" }));
  });

  it("refuses a missing or malformed Authorization header", async () => {
    expect(await hs.authenticate({})).toEqual(err(unauthorized("Missing bearer token")));
    expect(await hs.authenticate({ authorization: "Basic dTpw" })).toEqual(err(unauthorized("Malformed Authorization header")));
  });

  it("refuses an expired token, allowing the configured clock skew", async () => {
    const token = await sign(hsKey, "HS256", {}, { exp: nowSeconds() + 10 });
    await clock.advance(14_000);
    expect(await hs.authenticate(bearer(token))).toEqual(ok(principal));
    await clock.advance(2_000);
    expect(await hs.authenticate(bearer(token))).toEqual(err(unauthorized("The token has expired")));
  });

  it("refuses a token without exp", async () => {
    expect(await hs.authenticate(bearer(await sign(hsKey, "HS256", {}, { exp: null })))).toEqual(err(unauthorized("The token is invalid")));
  });

  it("refuses a wrong issuer or audience", async () => {
    expect(await hs.authenticate(bearer(await sign(hsKey, "HS256", {}, { iss: "https://evil.test" })))).toEqual(err(unauthorized("The token is invalid")));
    expect(await hs.authenticate(bearer(await sign(hsKey, "HS256", {}, { aud: "other" })))).toEqual(err(unauthorized("The token is invalid")));
  });

  it("refuses a bad signature", async () => {
    const token = await sign(new TextEncoder().encode("t".repeat(32)), "HS256");
    expect(await hs.authenticate(bearer(token))).toEqual(err(unauthorized("The token is invalid")));
  });

  it("refuses an unsecured token (alg: none)", async () => {
    const header = base64url.encode(JSON.stringify({ alg: "none", typ: "JWT" }));
    const payload = base64url.encode(JSON.stringify({ sub: "admin", iss: issuer, aud: audience, exp: nowSeconds() + 60, scope: "items:write" }));
    for (const token of [`${header}.${payload}.`, `${header}.${payload}`]) {
      expect(await hs.authenticate(bearer(token))).toEqual(err(unauthorized("The token is invalid")));
    }
    const rs = createJwtAuthenticator({ key: { type: "spki", algorithm: "RS256", pem: rsaPem }, issuer, audience }, { clock });
    expect(await rs.authenticate(bearer(`${header}.${payload}.`))).toEqual(err(unauthorized("The token is invalid")));
  });

  it("refuses algorithm confusion: HS256 signed with the RS256 public key as the secret", async () => {
    const rs = createJwtAuthenticator({ key: { type: "spki", algorithm: "RS256", pem: rsaPem }, issuer, audience }, { clock });
    const forged = await sign(new TextEncoder().encode(rsaPem), "HS256");
    expect(await rs.authenticate(bearer(forged))).toEqual(err(unauthorized("The token is invalid")));
  });

  it("refuses an RS256 token when HS256 is pinned", async () => {
    expect(await hs.authenticate(bearer(await sign(rsa.privateKey, "RS256")))).toEqual(err(unauthorized("The token is invalid")));
  });

  it("refuses options that pair a key with the wrong algorithm or a short secret", () => {
    expect(() => createJwtAuthenticator({ key: { type: "secret", secret, algorithm: "RS256" as "HS256" }, issuer, audience })).toThrow(/key\.algorithm/);
    expect(() => createJwtAuthenticator({ key: { type: "spki", algorithm: "HS256" as "RS256", pem: rsaPem }, issuer, audience })).toThrow(/key\.algorithm/);
    expect(() => createJwtAuthenticator({ key: { type: "secret", secret: "short" }, issuer, audience })).toThrow(/at least 32 bytes/);
  });
});

describe("JWT authenticator with a JWKS URL", () => {
  let server: Server;
  let url: string;
  let fetches = 0;
  let rsa: { publicKey: CryptoKey; privateKey: CryptoKey };

  beforeAll(async () => {
    rsa = await generateKeyPair("RS256", { extractable: true });
    const jwk = { ...(await exportJWK(rsa.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
    server = createServer((_req, res) => {
      fetches += 1;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => { resolve(); })));

  it("fetches the key set once and reuses it from the cache", async () => {
    const jwks = createJwtAuthenticator({ key: { type: "jwks", algorithm: "RS256", url }, issuer, audience }, { clock });
    const token = await sign(rsa.privateKey, "RS256", {}, { kid: "k1" });
    expect(await jwks.authenticate(bearer(token))).toEqual(ok(principal));
    expect(await jwks.authenticate(bearer(token))).toEqual(ok(principal));
    expect(fetches).toBe(1);
  });

  it("refuses a token whose kid is not in the set", async () => {
    const jwks = createJwtAuthenticator({ key: { type: "jwks", algorithm: "RS256", url }, issuer, audience }, { clock });
    const other = await generateKeyPair("RS256");
    const token = await sign(other.privateKey, "RS256", {}, { kid: "k2" });
    expect(await jwks.authenticate(bearer(token))).toEqual(err(unauthorized("The token is invalid")));
  });

  it("answers Unavailable, not Unauthorized, when the JWKS endpoint is down", async () => {
    const down = createServer();
    await new Promise<void>((resolve) => down.listen(0, "127.0.0.1", resolve));
    const port = (down.address() as AddressInfo).port;
    await new Promise<void>((resolve) => down.close(() => { resolve(); }));
    const jwks = createJwtAuthenticator({ key: { type: "jwks", algorithm: "RS256", url: `http://127.0.0.1:${port}/jwks.json` }, issuer, audience }, { clock });
    const result = await jwks.authenticate(bearer(await sign(rsa.privateKey, "RS256", {}, { kid: "k1" })));
    expect(result.isErr() && result.error._tag).toBe("Unavailable");
  });
});
