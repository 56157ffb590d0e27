import { ok, okAsync } from "@hexkit/core";
import { createAsyncContextStore } from "@hexkit/memory";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHttpApp, defineRoute } from "../src/index.js";
import { recordingLogger } from "./fakes.js";
import { keys, problemOf, sampleAuthenticator } from "./helpers.js";
import { sampleRoutes } from "./sample-app.js";

function build() {
  const logger = recordingLogger();
  const context = createAsyncContextStore();
  const app = createHttpApp({ routes: sampleRoutes(context), logger, context, authenticator: sampleAuthenticator() });
  return { app, logger };
}

describe("typed routes", () => {
  it("answers the handler's value with the route's status and JSON", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "GET", url: "/items/abc?verbose=true" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.json()).toEqual({ id: "abc", name: "thing", tags: [] });
  });

  it("hands the handler parsed input with defaults applied and lets it set headers", async () => {
    const { app } = build();
    const res = await app.fastify.inject({
      method: "POST",
      url: "/items",
      headers: { "x-api-key": keys.writer },
      payload: { name: "widget" },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe("/items/widget");
    expect(res.json()).toEqual({ id: "widget", name: "widget", tags: [] });
  });

  it("answers another declared status when the handler picks it", async () => {
    const { app } = build();
    const res = await app.fastify.inject({
      method: "POST",
      url: "/items",
      headers: { "x-api-key": keys.writer, "idempotency-key": "seen" },
      payload: { name: "widget" },
    });
    expect(res.statusCode).toBe(200);
  });

  it("answers 204 with no body for a null response schema", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "DELETE", url: "/items/a", headers: { "x-api-key": keys.writer } });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe("");
  });

  it("answers 422 listing every issue of every part with its path", async () => {
    const { app } = build();
    const res = await app.fastify.inject({
      method: "POST",
      url: "/items",
      headers: { "x-api-key": keys.writer, "idempotency-key": "k".repeat(65) },
      payload: { name: "", tags: [1, "ok", "x".repeat(21)] },
    });
    expect(res.statusCode).toBe(422);
    const body = problemOf(res);
    expect(body).toMatchObject({ type: "urn:hexkit:problem:validation-error", status: 422, instance: "/items" });
    expect((body.errors as { path: unknown[] }[]).map((e) => e.path)).toEqual([
      ["headers", "idempotency-key"],
      ["body", "name"],
      ["body", "tags", 0],
      ["body", "tags", 2],
    ]);
  });

  it("answers 422 for invalid path parameters and query strings", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "GET", url: "/items/UPPER?verbose=maybe" });
    expect(res.statusCode).toBe(422);
    expect((problemOf(res).errors as { path: unknown[] }[]).map((e) => e.path)).toEqual([
      ["params", "id"],
      ["query", "verbose"],
    ]);
  });

  it("answers a handler's Err as problem details", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "GET", url: "/items/missing" });
    expect(res.statusCode).toBe(404);
    expect(problemOf(res)).toEqual({
      type: "urn:hexkit:problem:not-found",
      title: "Not found",
      status: 404,
      detail: "Item missing not found",
      instance: "/items/missing",
      correlationId: res.headers["x-request-id"],
    });
  });

  it("strips keys the response schema does not declare", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "GET", url: "/strip" });
    expect(res.json()).toEqual({ public: "yes" });
  });

  it("answers 500 and logs a bug when the answer breaks its schema", async () => {
    const { app, logger } = build();
    const res = await app.fastify.inject({ method: "GET", url: "/bad-answer" });
    expect(res.statusCode).toBe(500);
    expect(problemOf(res).detail).toBe("An unexpected error occurred. Quote the correlation id when reporting it.");
    expect(logger.lines.some((l) => l.level === "error" && l.message.startsWith("bug: Answer of GET /bad-answer"))).toBe(true);
  });

  it.each(["/boom", "/rejects"])("answers 500 problem+json without a stack when %s throws", async (url) => {
    const { app, logger } = build();
    const res = await app.fastify.inject({ method: "GET", url });
    expect(res.statusCode).toBe(500);
    const body = problemOf(res);
    expect(Object.keys(body).sort()).toEqual(["correlationId", "detail", "instance", "status", "title", "type"]);
    expect(res.body).not.toMatch(/secret|rejected|at .*\.ts/);
    const bug = logger.lines.find((l) => l.level === "error");
    expect(bug?.fields.correlationId).toBe(body.correlationId);
    expect(bug?.fields.err).toBeInstanceOf(Error);
  });

  it.each([
    ["a plain Result", () => ok({ n: 1n })],
    ["a ResultAsync", () => okAsync({ n: 1n })],
  ])("answers 500 and logs a bug when an answer given as %s cannot be serialised", async (_kind, handler) => {
    const logger = recordingLogger();
    const route = defineRoute({ method: "GET", path: "/big", auth: "none", responses: { 200: z.object({ n: z.bigint() }) }, handler });
    const app = createHttpApp({ routes: [route], logger });
    const res = await app.fastify.inject({ method: "GET", url: "/big" });
    expect(res.statusCode).toBe(500);
    expect(logger.lines.some((l) => l.level === "error" && l.message === "bug: Answer of GET /big cannot be serialised as JSON")).toBe(true);
  });

  it("serves a handler that answers a plain Result, inside the request's context", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "GET", url: "/sync/21", headers: { "x-request-id": "sync-1" } });
    expect([res.statusCode, res.json()]).toEqual([200, { double: 42, correlationId: "sync-1" }]);
    const refused = await app.fastify.inject({ method: "GET", url: "/sync/-1" });
    expect([refused.statusCode, problemOf(refused).errors]).toEqual([422, [{ path: ["params", "n"], message: "Must not be negative", code: "custom" }]]);
  });

  it("runs the handler inside the request's context, with the tenant after authentication", async () => {
    const { app, logger } = build();
    const res = await app.fastify.inject({ method: "GET", url: "/whoami", headers: { "x-api-key": keys.reader, "x-request-id": "req-1" } });
    expect(res.json()).toEqual({ subject: "reader", tenantId: "t2", context: { correlationId: "req-1", tenantId: "t2" } });
    expect(logger.lines.find((l) => l.message === "whoami called")?.fields).toEqual({ correlationId: "req-1" });
  });
});

describe("defineRoute", () => {
  it("refuses a default status that is not among the responses", async () => {
    const { defineRoute } = await import("../src/index.js");
    const { okAsync } = await import("@hexkit/core");
    const { z } = await import("zod");
    expect(() =>
      defineRoute({
        method: "GET",
        path: "/x",
        auth: "none",
        responses: { 200: z.object({}) },
        status: 201 as 200,
        handler: () => okAsync({}),
      }),
    ).toThrow("status 201 is not among its responses");
  });
});
