import { errAsync, okAsync, ResultAsync, unavailable } from "@hexkit/core";
import { createFakeClock } from "@hexkit/testing";
import { describe, expect, it } from "vitest";
import { createHttpApp } from "../src/index.js";
import { recordingLogger, recordingTracer } from "./fakes.js";
import { problemOf } from "./helpers.js";
import { sampleRoutes } from "./sample-app.js";

/** Lets Fastify run the request up to the handler's first await. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("request deadline", () => {
  it("answers 504 at the route's deadline and aborts the handler's signal", async () => {
    const clock = createFakeClock();
    const app = createHttpApp({ routes: sampleRoutes(), logger: recordingLogger(), clock });
    const pending = app.fastify.inject({ method: "GET", url: "/slow" });
    await settle();
    await clock.advance(999);
    await clock.advance(1);
    const res = await pending;
    expect(res.statusCode).toBe(504);
    expect(problemOf(res)).toMatchObject({ type: "urn:hexkit:problem:timeout", detail: "The request did not complete before its deadline." });
    await clock.advance(100);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("answers 504 within one sweep period of the deadline when the request starts mid-period", async () => {
    const clock = createFakeClock();
    const app = createHttpApp({ routes: sampleRoutes(), logger: recordingLogger(), clock });
    const first = app.fastify.inject({ method: "GET", url: "/slow" });
    await settle();
    await clock.advance(30);
    const second = app.fastify.inject({ method: "GET", url: "/slow" });
    await settle();
    await clock.advance(970);
    expect((await first).statusCode).toBe(504);
    let late = false;
    void second.then(() => (late = true));
    await clock.advance(60);
    expect(late).toBe(false);
    await clock.advance(40);
    expect((await second).statusCode).toBe(504);
  });

  it("ends the request's span at the deadline, marked with the Timeout and status 504", async () => {
    const clock = createFakeClock();
    const tracer = recordingTracer();
    const app = createHttpApp({ routes: sampleRoutes(), logger: recordingLogger(), clock, tracer });
    const pending = app.fastify.inject({ method: "GET", url: "/slow" });
    await settle();
    await clock.advance(1000);
    expect((await pending).statusCode).toBe(504);
    expect(tracer.spans.at(-1)).toMatchObject({
      name: "GET /slow",
      ended: true,
      errors: [{ _tag: "Timeout" }],
      attributes: { "http.response.status_code": 504 },
    });
  });

  it("leaves no timer behind once the server is idle", async () => {
    const clock = createFakeClock();
    const app = createHttpApp({ routes: sampleRoutes(), logger: recordingLogger(), clock });
    await app.fastify.inject({ method: "GET", url: "/items/a" });
    await clock.advance(100);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe("health", () => {
  const check = (name: string, result: "ok" | "down" | "hang" | "throw") => ({
    name,
    check: () => {
      if (result === "throw") throw new Error("bug in check");
      if (result === "ok") return okAsync(undefined);
      if (result === "down") return errAsync(unavailable(name));
      return new ResultAsync<void, never>(new Promise(() => undefined));
    },
  });

  it("answers /healthz with 200", async () => {
    const app = createHttpApp({ routes: [], logger: recordingLogger() });
    const res = await app.fastify.inject({ method: "GET", url: "/healthz" });
    expect([res.statusCode, res.json()]).toEqual([200, { status: "ok" }]);
  });

  it("answers /readyz with 200 and each check when all pass", async () => {
    const clock = createFakeClock();
    const app = createHttpApp({ routes: [], logger: recordingLogger(), clock, healthChecks: [check("redis", "ok"), check("postgres", "ok")] });
    const res = await app.fastify.inject({ method: "GET", url: "/readyz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok", checks: { redis: { status: "ok", durationMs: 0 }, postgres: { status: "ok", durationMs: 0 } } });
  });

  it("answers /readyz with 503 problem+json listing each check when one fails or times out", async () => {
    const clock = createFakeClock();
    const app = createHttpApp({
      routes: [],
      logger: recordingLogger(),
      clock,
      healthChecks: [check("redis", "ok"), check("postgres", "down"), check("queue", "hang"), check("broken", "throw")],
      options: { health: { checkTimeoutMs: 500 } },
    });
    const pending = app.fastify.inject({ method: "GET", url: "/readyz" });
    await settle();
    await clock.advance(500);
    const res = await pending;
    expect(res.statusCode).toBe(503);
    expect(problemOf(res)).toMatchObject({
      type: "urn:hexkit:problem:unavailable",
      detail: "A readiness check failed.",
      checks: {
        redis: { status: "ok", durationMs: 0 },
        postgres: { status: "fail", durationMs: 0, error: { _tag: "Unavailable", message: "postgres is unavailable" } },
        queue: { status: "fail", durationMs: 500, error: { _tag: "Timeout", message: "health check queue timed out after 500 ms" } },
        broken: { status: "fail", durationMs: 0, error: { _tag: "Unavailable", message: "broken check threw" } },
      },
    });
  });

  it("serves neither route when switched off", async () => {
    const app = createHttpApp({ routes: [], logger: recordingLogger(), options: { health: { enabled: false } } });
    expect((await app.fastify.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(404);
  });
});
