import { errAsync, unavailable } from "@hexkit/core";
import { createMemoryRateLimiter } from "@hexkit/memory";
import { createFakeClock } from "@hexkit/testing";
import { describe, expect, it } from "vitest";
import { createHttpApp } from "../src/index.js";
import { recordingLogger } from "./fakes.js";
import { keys, problemOf, sampleAuthenticator } from "./helpers.js";
import { sampleRoutes } from "./sample-app.js";

function build(options: { key?: "principal" | "ip"; onLimiterError?: "allow" | "deny" } = {}) {
  const clock = createFakeClock();
  const rateLimiter = createMemoryRateLimiter({ policy: { points: 2, durationMs: 60_000 }, clock });
  const logger = recordingLogger();
  const app = createHttpApp({
    routes: sampleRoutes(),
    logger,
    clock,
    rateLimiter,
    authenticator: sampleAuthenticator(),
    options: { rateLimit: { points: 2, durationMs: 60_000, ...options } },
  });
  return { app, clock, logger };
}

describe("rate limiting", () => {
  it("sends RateLimit and RateLimit-Policy headers on every limited answer", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "GET", url: "/items/a" });
    expect(res.headers["ratelimit-policy"]).toBe('"default";q=2;w=60');
    expect(res.headers.ratelimit).toBe('"default";r=1;t=60');
  });

  it("answers 429 with Retry-After once the window is used up, and again after it resets", async () => {
    const { app, clock } = build();
    await app.fastify.inject({ method: "GET", url: "/items/a" });
    await clock.advance(10_000);
    await app.fastify.inject({ method: "GET", url: "/items/a" });
    const refused = await app.fastify.inject({ method: "GET", url: "/items/a" });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers["retry-after"]).toBe("50");
    expect(refused.headers.ratelimit).toBe('"default";r=0;t=50');
    expect(problemOf(refused)).toMatchObject({ type: "urn:hexkit:problem:rate-limited", retryAfterMs: 50_000 });
    await clock.advance(50_000);
    expect((await app.fastify.inject({ method: "GET", url: "/items/a" })).statusCode).toBe(200);
  });

  it("keys on the principal: one caller's use leaves another's window alone", async () => {
    const { app } = build();
    const as = (key: string) => app.fastify.inject({ method: "GET", url: "/whoami", headers: { "x-api-key": key } });
    await as(keys.writer);
    await as(keys.writer);
    expect((await as(keys.writer)).statusCode).toBe(429);
    expect((await as(keys.reader)).statusCode).toBe(200);
  });

  it("keys on the address in ip mode", async () => {
    const { app } = build({ key: "ip" });
    const from = (remoteAddress: string, key: string) =>
      app.fastify.inject({ method: "GET", url: "/whoami", remoteAddress, headers: { "x-api-key": key } });
    await from("10.0.0.1", keys.writer);
    await from("10.0.0.1", keys.reader);
    expect((await from("10.0.0.1", keys.global)).statusCode).toBe(429);
    expect((await from("10.0.0.2", keys.writer)).statusCode).toBe(200);
  });

  it("exempts routes with rateLimit: false", async () => {
    const { app } = build();
    for (let i = 0; i < 3; i++) {
      const res = await app.fastify.inject({ method: "GET", url: "/context" });
      expect(res.statusCode).toBe(200);
      expect(res.headers.ratelimit).toBeUndefined();
    }
  });

  it("allows the request and logs when the limiter fails, by default", async () => {
    const logger = recordingLogger();
    const app = createHttpApp({
      routes: sampleRoutes(),
      logger,
      rateLimiter: { consume: () => errAsync(unavailable("redis")), reset: () => errAsync(unavailable("redis")) },
    });
    expect((await app.fastify.inject({ method: "GET", url: "/items/a" })).statusCode).toBe(200);
    expect(logger.lines.some((l) => l.level === "warn" && l.message.startsWith("rate limiter failed"))).toBe(true);
  });

  it("answers 503 when the limiter fails and onLimiterError is deny", async () => {
    const app = createHttpApp({
      routes: sampleRoutes(),
      logger: recordingLogger(),
      rateLimiter: { consume: () => errAsync(unavailable("redis")), reset: () => errAsync(unavailable("redis")) },
      options: { rateLimit: { onLimiterError: "deny" } },
    });
    expect((await app.fastify.inject({ method: "GET", url: "/items/a" })).statusCode).toBe(503);
  });
});
