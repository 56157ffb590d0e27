import { okAsync } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHttpApp, defineRoute } from "../src/index.js";
import { recordingLogger } from "./fakes.js";
import { keys, problemOf, sampleAuthenticator } from "./helpers.js";
import { sampleRoutes } from "./sample-app.js";

function build(options = {}) {
  const logger = recordingLogger();
  const app = createHttpApp({ routes: sampleRoutes(), logger, authenticator: sampleAuthenticator(), options: { bodyLimitBytes: 256, ...options } });
  return { app, logger };
}

const auth = { "x-api-key": keys.writer };

describe("framework failures", () => {
  it("answers malformed JSON with 400 problem+json", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "POST", url: "/items", headers: { ...auth, "content-type": "application/json" }, payload: '{"name":' });
    expect(res.statusCode).toBe(400);
    expect(problemOf(res)).toMatchObject({ type: "urn:hexkit:problem:malformed-request", detail: "The body is not valid JSON." });
  });

  it("answers an empty JSON body with 400", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "POST", url: "/items", headers: { ...auth, "content-type": "application/json" }, payload: "" });
    expect(res.statusCode).toBe(400);
    expect(problemOf(res).type).toBe("urn:hexkit:problem:malformed-request");
  });

  it("refuses prototype poisoning with 400", async () => {
    const { app } = build();
    const res = await app.fastify.inject({
      method: "POST",
      url: "/items",
      headers: { ...auth, "content-type": "application/json" },
      payload: '{"name":"a","__proto__":{"admin":true}}',
    });
    expect(res.statusCode).toBe(400);
  });

  it("answers a body over the limit with 413 and the limit", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "POST", url: "/items", headers: auth, payload: { name: "x".repeat(300) } });
    expect(res.statusCode).toBe(413);
    expect(problemOf(res)).toMatchObject({ type: "urn:hexkit:problem:payload-too-large", limitBytes: 256 });
  });

  it("answers a body that is not JSON with 415", async () => {
    const { app } = build();
    for (const type of ["text/plain", "application/xml", "multipart/form-data; boundary=x"]) {
      const res = await app.fastify.inject({ method: "POST", url: "/items", headers: { ...auth, "content-type": type }, payload: "name=x" });
      expect(res.statusCode, type).toBe(415);
      expect(problemOf(res).type).toBe("urn:hexkit:problem:unsupported-media-type");
    }
  });

  it("answers an unknown route with 404 problem+json", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "GET", url: "/nothing/here?x=1" });
    expect(res.statusCode).toBe(404);
    expect(problemOf(res)).toEqual({
      type: "urn:hexkit:problem:not-found",
      title: "Not found",
      status: 404,
      detail: "Route GET /nothing/here not found",
      instance: "/nothing/here",
      correlationId: res.headers["x-request-id"],
    });
  });

  it("answers a wrong method with 405 and Allow", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "PUT", url: "/items/abc" });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe("DELETE, GET, HEAD");
    expect(problemOf(res)).toMatchObject({ type: "urn:hexkit:problem:method-not-allowed", allowed: ["DELETE", "GET", "HEAD"] });
  });

  it("answers HEAD on a path that has no GET with 405", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "HEAD", url: "/items" });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe("POST");
  });

  it("answers HEAD on a GET route like GET without a body", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "HEAD", url: "/items/abc" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe("");
  });

  it("answers a URL that cannot be decoded with 400", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "GET", url: "/items/%E0%A4%A" });
    expect(res.statusCode).toBe(400);
    expect(problemOf(res).type).toBe("urn:hexkit:problem:malformed-request");
  });

  it("answers an over-long path parameter with 414 about:blank", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "GET", url: `/items/${"a".repeat(200)}` });
    expect(res.statusCode).toBe(414);
    expect(problemOf(res)).toMatchObject({ type: "about:blank", title: "URI Too Long", status: 414 });
  });

  it("answers 500 for an auth route in an app without an authenticator, and logs the bug", async () => {
    const logger = recordingLogger();
    const app = createHttpApp({ routes: sampleRoutes(), logger });
    const res = await app.fastify.inject({ method: "GET", url: "/whoami" });
    expect(res.statusCode).toBe(500);
    expect(logger.lines.some((l) => l.level === "error" && l.message.includes("has no authenticator"))).toBe(true);
  });
});

describe("options", () => {
  it("throws a TypeError naming every bad option", () => {
    expect(() =>
      createHttpApp({
        routes: [],
        logger: recordingLogger(),
        options: { bodyLimitBytes: -1, rateLimit: { key: "cookie" as "ip" }, requestId: { header: "X Bad" } },
      }),
    ).toThrow(/options\.bodyLimitBytes[\s\S]*options\.requestId\.header[\s\S]*options\.rateLimit\.key/);
  });

  it("refuses credentials with any origin", () => {
    expect(() =>
      createHttpApp({ routes: [], logger: recordingLogger(), options: { cors: { enabled: true, origins: ["*"], credentials: true } } }),
    ).toThrow(/options\.cors: credentials cannot be combined/);
  });

  it("refuses unknown options", () => {
    expect(() => createHttpApp({ routes: [], logger: recordingLogger(), options: { bodyLimit: 5 } as never })).toThrow(/bodyLimit/);
  });

  it("throws when two routes share a method and path", () => {
    const route = defineRoute({ method: "GET", path: "/a", auth: "none", responses: { 200: z.object({}) }, handler: () => okAsync({}) });
    expect(() => createHttpApp({ routes: [route, route], logger: recordingLogger() })).toThrow("Duplicate route GET /a");
  });
});
