import { errAsync, ok, okAsync, type ResultAsync, unauthorized } from "@hexkit/core";
import { type AuthenticationError, type Authenticator, createJwtAuthenticator, type Principal, type RequestHeaders } from "@hexkit/fastify";
import { describe, expect, it } from "vitest";
import { mintToken, type TokenSettings } from "../../src/auth/mint-token.js";
import { cacheVerifiedTokens } from "../../src/auth/verified-token-cache.js";

const settings: TokenSettings = { secret: "a-test-secret-that-is-at-least-32-bytes", issuer: "iss", audience: "aud", tenantClaim: "tenant_id" };
const jwt = createJwtAuthenticator({ key: { type: "secret", secret: settings.secret }, issuer: settings.issuer, audience: settings.audience, tenantClaim: settings.tenantClaim });
const bearer = (token: string): RequestHeaders => ({ authorization: `Bearer ${token}` });

/** An authenticator that counts what it is asked and delegates to `inner`. */
function counting(inner: Authenticator): Authenticator & { calls: () => number } {
  let calls = 0;
  return {
    authenticate(headers): ResultAsync<Principal, AuthenticationError> {
      calls++;
      return inner.authenticate(headers);
    },
    calls: () => calls,
  };
}

describe("cacheVerifiedTokens", () => {
  it("answers a token it accepted before without verifying it again", async () => {
    const inner = counting(jwt);
    const auth = cacheVerifiedTokens(inner);
    const headers = bearer(await mintToken(settings, { tenantId: "t1" }));
    const first = await auth.authenticate(headers);
    expect(first).toEqual(ok({ subject: "dev", tenantId: "t1", scopes: [], method: "jwt" }));
    expect(await auth.authenticate(headers)).toEqual(first);
    expect(inner.calls()).toBe(1);
  });

  it("verifies each token on its own: another tenant's token answers its own principal", async () => {
    const auth = cacheVerifiedTokens(jwt);
    await auth.authenticate(bearer(await mintToken(settings, { tenantId: "t1" })));
    const other = await auth.authenticate(bearer(await mintToken(settings, { tenantId: "t2", subject: "other" })));
    expect(other).toEqual(ok({ subject: "other", tenantId: "t2", scopes: [], method: "jwt" }));
  });

  it("refuses a token with a tampered signature even after the genuine one was accepted", async () => {
    const auth = cacheVerifiedTokens(jwt);
    const token = await mintToken(settings, { tenantId: "t1" });
    await auth.authenticate(bearer(token));
    const tampered = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    expect((await auth.authenticate(bearer(tampered))).isErr()).toBe(true);
  });

  it("verifies again once the token's exp has passed", async () => {
    let now = Date.now();
    const inner = counting(jwt);
    const auth = cacheVerifiedTokens(inner, { now: () => now, maxAgeMs: 3_600_000 });
    const headers = bearer(await mintToken(settings, { tenantId: "t1", ttlSeconds: 60 }));
    await auth.authenticate(headers);
    now += 30_000;
    await auth.authenticate(headers);
    expect(inner.calls()).toBe(1);
    now += 31_000;
    await auth.authenticate(headers);
    expect(inner.calls()).toBe(2);
  });

  it("verifies again after maxAgeMs, however far off exp is", async () => {
    let now = Date.now();
    const inner = counting(jwt);
    const auth = cacheVerifiedTokens(inner, { now: () => now, maxAgeMs: 1_000 });
    const headers = bearer(await mintToken(settings, { tenantId: "t1" }));
    await auth.authenticate(headers);
    now += 1_000;
    await auth.authenticate(headers);
    expect(inner.calls()).toBe(2);
  });

  it("never remembers a refusal", async () => {
    const inner = counting({ authenticate: () => errAsync(unauthorized("The token is invalid")) });
    const auth = cacheVerifiedTokens(inner);
    expect((await auth.authenticate(bearer("x.y.z"))).isErr()).toBe(true);
    expect((await auth.authenticate(bearer("x.y.z"))).isErr()).toBe(true);
    expect(inner.calls()).toBe(2);
  });

  it("forgets the oldest token beyond maxEntries", async () => {
    const inner = counting(jwt);
    const auth = cacheVerifiedTokens(inner, { maxEntries: 1 });
    const a = bearer(await mintToken(settings, { tenantId: "a" }));
    const b = bearer(await mintToken(settings, { tenantId: "b" }));
    await auth.authenticate(a);
    await auth.authenticate(b);
    await auth.authenticate(b);
    expect(inner.calls()).toBe(2);
    await auth.authenticate(a);
    expect(inner.calls()).toBe(3);
  });

  it("passes a request without an Authorization header to the inner authenticator", async () => {
    const principal: Principal = { subject: "k", scopes: [], method: "api-key" };
    const auth = cacheVerifiedTokens({ authenticate: () => okAsync(principal) });
    expect(await auth.authenticate({})).toEqual(ok(principal));
  });
});
