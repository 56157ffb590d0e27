import { ServerResponse } from "node:http";
import { describe, expect, it, vi } from "vitest";
import { createHttpApp } from "../src/index.js";
import { recordingLogger } from "./fakes.js";
import { sampleRoutes } from "./sample-app.js";

describe("security headers", () => {
  it("sends a strict CSP and helmet's headers on answers and problems", async () => {
    const app = createHttpApp({ routes: sampleRoutes(), logger: recordingLogger() });
    for (const url of ["/items/a", "/nowhere"]) {
      const res = await app.fastify.inject({ method: "GET", url });
      expect(res.headers["content-security-policy"]).toBe("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
      expect(res.headers).toMatchObject({
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "no-referrer",
        "strict-transport-security": "max-age=31536000; includeSubDomains",
      });
    }
  });

  const helmets = {
    "content-security-policy": "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "origin-agent-cluster": "?1",
    "referrer-policy": "no-referrer",
    "strict-transport-security": "max-age=31536000; includeSubDomains",
    "x-content-type-options": "nosniff",
    "x-dns-prefetch-control": "off",
    "x-download-options": "noopen",
    "x-frame-options": "DENY",
    "x-permitted-cross-domain-policies": "none",
    "x-xss-protection": "0",
  };

  it("sends every header helmet sets, on answers, problems and CORS preflights alike", async () => {
    const app = createHttpApp({ routes: sampleRoutes(), logger: recordingLogger(), options: { cors: { enabled: true, origins: ["https://a.test"] } } });
    const answers = await Promise.all([
      app.fastify.inject({ method: "GET", url: "/items/a" }),
      app.fastify.inject({ method: "GET", url: "/nowhere" }),
      app.fastify.inject({ method: "OPTIONS", url: "/items", headers: { origin: "https://a.test", "access-control-request-method": "POST" } }),
    ]);
    for (const res of answers) expect(res.headers).toMatchObject(helmets);
    expect(answers.map((r) => r.statusCode)).toEqual([200, 404, 204]);
  });

  it("sets them without Node's setHeader, so Node writes every header of the answer on its direct path", async () => {
    // Over real HTTP: inject()'s response calls setHeader for every header itself.
    const app = createHttpApp({ routes: sampleRoutes(), logger: recordingLogger() });
    const { url } = (await app.listen())._unsafeUnwrap();
    const setHeader = vi.spyOn(ServerResponse.prototype, "setHeader");
    try {
      const res = await fetch(`${url}/items/a`);
      expect(res.status).toBe(200);
      expect(Object.fromEntries(res.headers)).toMatchObject(helmets);
      // One setHeader call and Node merges every header of the answer through its slower path (see security.ts).
      expect(setHeader).not.toHaveBeenCalled();
    } finally {
      setHeader.mockRestore();
      await app.close();
    }
  });

  it("leaves HSTS out when its max-age is 0", async () => {
    const app = createHttpApp({ routes: sampleRoutes(), logger: recordingLogger(), options: { securityHeaders: { hstsMaxAgeSeconds: 0 } } });
    const res = await app.fastify.inject({ method: "GET", url: "/items/a" });
    expect([res.headers["strict-transport-security"], res.headers["x-frame-options"]]).toEqual([undefined, "DENY"]);
  });

  it("sends none of them when switched off", async () => {
    const app = createHttpApp({ routes: sampleRoutes(), logger: recordingLogger(), options: { securityHeaders: { enabled: false } } });
    const res = await app.fastify.inject({ method: "GET", url: "/items/a" });
    expect(res.headers["content-security-policy"]).toBeUndefined();
  });
});

describe("CORS", () => {
  const app = createHttpApp({
    routes: sampleRoutes(),
    logger: recordingLogger(),
    options: { cors: { enabled: true, origins: ["https://app.example.test"] } },
  });

  it("answers a preflight from an allowed origin", async () => {
    const res = await app.fastify.inject({
      method: "OPTIONS",
      url: "/items",
      headers: { origin: "https://app.example.test", "access-control-request-method": "POST" },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe("https://app.example.test");
    expect(res.headers["access-control-allow-methods"]).toContain("POST");
  });

  it("exposes the request id and rate-limit headers to an allowed origin", async () => {
    const res = await app.fastify.inject({ method: "GET", url: "/items/a", headers: { origin: "https://app.example.test" } });
    expect(res.headers["access-control-allow-origin"]).toBe("https://app.example.test");
    expect(res.headers["access-control-expose-headers"]).toContain("x-request-id");
  });

  it("grants nothing to another origin", async () => {
    const res = await app.fastify.inject({ method: "GET", url: "/items/a", headers: { origin: "https://evil.test" } });
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("is off by default", async () => {
    const plain = createHttpApp({ routes: sampleRoutes(), logger: recordingLogger() });
    const res = await plain.fastify.inject({ method: "GET", url: "/items/a", headers: { origin: "https://app.example.test" } });
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });
});
