import { err, errAsync, ok, okAsync, unauthorized, unavailable } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { anyAuthenticator, authorize, createApiKeyAuthenticator, createHttpApp, createJwtAuthenticator, hashApiKey } from "../src/index.js";
import { recordingLogger } from "./fakes.js";
import { keys, problemOf, sampleAuthenticator } from "./helpers.js";
import { sampleRoutes } from "./sample-app.js";

describe("API key authenticator", () => {
  const auth = sampleAuthenticator();

  it("accepts a configured key and answers its principal", async () => {
    expect(await auth.authenticate({ "x-api-key": keys.writer })).toEqual(
      ok({ subject: "writer", tenantId: "t1", scopes: ["items:write"], method: "api-key" }),
    );
  });

  it("refuses a missing, empty or unknown key", async () => {
    expect(await auth.authenticate({})).toEqual(err(unauthorized("Missing API key")));
    expect(await auth.authenticate({ "x-api-key": "" })).toEqual(err(unauthorized("Missing API key")));
    expect(await auth.authenticate({ "x-api-key": `${keys.writer}x` })).toEqual(err(unauthorized("Invalid API key")));
  });

  it("hashes keys with SHA-256 as lower-case hex", () => {
    expect(hashApiKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("refuses a configured key that is not a hash", () => {
    expect(() => createApiKeyAuthenticator({ keys: [{ hash: "plain-key", subject: "x" }] })).toThrow(/keys\.0\.hash/);
  });
});

describe("anyAuthenticator", () => {
  const jwt = createJwtAuthenticator({ key: { type: "secret", secret: "s".repeat(32) }, issuer: "i", audience: "a" });
  const either = anyAuthenticator(jwt, sampleAuthenticator());

  it("accepts what any of them accepts", async () => {
    expect((await either.authenticate({ "x-api-key": keys.global }))._unsafeUnwrap().subject).toBe("ops");
  });

  it("answers Unauthorized when every one refuses", async () => {
    expect(await either.authenticate({})).toEqual(err(unauthorized()));
  });

  it("answers Unavailable when one could not work and none accepted", async () => {
    const down = { authenticate: () => errAsync(unavailable("jwks")) };
    expect(await anyAuthenticator(down, sampleAuthenticator()).authenticate({})).toEqual(err(unavailable("jwks")));
  });

  it("joins challenges and security schemes", () => {
    expect(either.challenge).toBe("Bearer");
    expect(Object.keys(either.securitySchemes ?? {})).toEqual(["bearerAuth", "apiKey"]);
  });

  it("stops at the first that accepts", async () => {
    let calls = 0;
    const counting = { authenticate: () => ((calls += 1), okAsync({ subject: "x", scopes: [], method: "t" })) };
    await anyAuthenticator(counting, counting).authenticate({});
    expect(calls).toBe(1);
  });
});

describe("authorize", () => {
  const p = { subject: "s", tenantId: "t1", scopes: ["a", "b"], method: "t" };
  it("passes when every scope is granted and the tenant matches", () => {
    expect(authorize({ scopes: ["a", "b"], tenant: { param: "tenantId" } }, p, { tenantId: "t1" })).toEqual(ok(p));
  });
  it("names the missing scopes", () => {
    expect(authorize({ scopes: ["a", "c", "d"] }, p, {})).toEqual(err({ _tag: "Forbidden", message: "Missing scope: c, d" }));
  });
  it("refuses another tenant and a principal without a tenant", () => {
    expect(authorize({ tenant: { param: "tenantId" } }, p, { tenantId: "t2" })._unsafeUnwrapErr()._tag).toBe("Forbidden");
    expect(authorize({ tenant: "required" }, { subject: "s", scopes: [], method: "t" }, {})._unsafeUnwrapErr()._tag).toBe("Forbidden");
  });
});

describe("authentication in the pipeline", () => {
  const jwt = createJwtAuthenticator({ key: { type: "secret", secret: "s".repeat(32) }, issuer: "i", audience: "a" });
  const app = createHttpApp({ routes: sampleRoutes(), logger: recordingLogger(), authenticator: anyAuthenticator(jwt, sampleAuthenticator()) });

  it("answers 401 with WWW-Authenticate without credentials", async () => {
    const res = await app.fastify.inject({ method: "GET", url: "/whoami" });
    expect(res.statusCode).toBe(401);
    expect(res.headers["www-authenticate"]).toBe("Bearer");
    expect(problemOf(res).type).toBe("urn:hexkit:problem:unauthorized");
  });

  it("answers 403 naming the missing scope", async () => {
    const res = await app.fastify.inject({ method: "POST", url: "/items", headers: { "x-api-key": keys.reader }, payload: { name: "a" } });
    expect(res.statusCode).toBe(403);
    expect(problemOf(res).detail).toBe("Missing scope: items:write");
  });

  it("checks auth before validation, so an anonymous caller learns nothing of the schema", async () => {
    const res = await app.fastify.inject({ method: "POST", url: "/items", payload: { wrong: true } });
    expect(res.statusCode).toBe(401);
  });

  it("lets a principal read its own tenant and not another's", async () => {
    const own = await app.fastify.inject({ method: "GET", url: "/tenants/t1/items", headers: { "x-api-key": keys.writer } });
    expect(own.json()).toEqual({ tenantId: "t1", subject: "writer" });
    const other = await app.fastify.inject({ method: "GET", url: "/tenants/t2/items", headers: { "x-api-key": keys.writer } });
    expect(other.statusCode).toBe(403);
  });

  it("answers 503 with Retry-After when the authenticator is down", async () => {
    const down = createHttpApp({ routes: sampleRoutes(), logger: recordingLogger(), authenticator: { authenticate: () => errAsync(unavailable("jwks")) } });
    const res = await down.fastify.inject({ method: "GET", url: "/whoami" });
    expect(res.statusCode).toBe(503);
    expect(res.headers["retry-after"]).toBe("5");
  });
});
