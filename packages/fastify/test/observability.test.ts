import { createAsyncContextStore } from "@hexkit/memory";
import { describe, expect, it } from "vitest";
import { createHttpApp, isSaneRequestId } from "../src/index.js";
import { recordingLogger, recordingMetrics, recordingTracer } from "./fakes.js";
import { sampleRoutes } from "./sample-app.js";

const generated = /^[0-9a-f]{16}-[0-9a-z]+$/;

function build(options = {}) {
  const logger = recordingLogger();
  const metrics = recordingMetrics();
  const tracer = recordingTracer();
  const context = createAsyncContextStore();
  const app = createHttpApp({ routes: sampleRoutes(context), logger, metrics, tracer, context, options });
  return { app, logger, metrics, tracer };
}

describe("request id", () => {
  it("accepts a sane x-request-id and echoes it", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "GET", url: "/context", headers: { "x-request-id": "abc.DEF:1-2_3" } });
    expect(res.headers["x-request-id"]).toBe("abc.DEF:1-2_3");
    expect(res.json()).toMatchObject({ correlationId: "abc.DEF:1-2_3" });
  });

  it.each([["a".repeat(129)], ["has space"], ["new\\nline"], ["<script>"], [""]])("replaces the unsafe id %j with a new one", async (id) => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "GET", url: "/context", headers: { "x-request-id": id } });
    expect(res.headers["x-request-id"]).toMatch(generated);
  });

  it("generates an id when none is sent, and uses it in problem bodies", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "GET", url: "/nowhere" });
    expect(res.headers["x-request-id"]).toMatch(generated);
    expect(res.json()).toMatchObject({ correlationId: res.headers["x-request-id"] });
  });

  it("ignores the incoming header and does not echo when switched off", async () => {
    const { app } = build({ requestId: { enabled: false } });
    const res = await app.fastify.inject({ method: "GET", url: "/context", headers: { "x-request-id": "mine" } });
    expect(res.headers["x-request-id"]).toBeUndefined();
    expect(res.json<{ correlationId: string }>().correlationId).toMatch(generated);
  });

  it("makes a different id for every request", async () => {
    const { app } = build();
    const ids = new Set<unknown>();
    for (let i = 0; i < 50; i++) ids.add((await app.fastify.inject({ method: "GET", url: "/context" })).headers["x-request-id"]);
    expect(ids.size).toBe(50);
  });

  it("judges ids by length and alphabet", () => {
    expect([isSaneRequestId("a"), isSaneRequestId("a".repeat(128)), isSaneRequestId("a".repeat(129)), isSaneRequestId(["a"])]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe("access log", () => {
  it("writes one line per request with method, route template, status, duration and correlation id", async () => {
    const { app, logger } = build();
    await app.fastify.inject({ method: "GET", url: "/items/abc", headers: { "x-request-id": "r-1" } });
    const lines = logger.lines.filter((l) => l.message === "http request");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "info",
      fields: { method: "GET", route: "/items/:id", status: 200, correlationId: "r-1" },
    });
    expect(lines[0]?.fields.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("labels requests that match no route as unmatched", async () => {
    const { app, logger } = build();
    await app.fastify.inject({ method: "GET", url: "/nope" });
    expect(logger.lines.find((l) => l.message === "http request")?.fields).toMatchObject({ route: "unmatched", status: 404 });
  });

  it("writes nothing when switched off", async () => {
    const { app, logger } = build({ accessLog: { enabled: false } });
    await app.fastify.inject({ method: "GET", url: "/items/abc" });
    expect(logger.lines.filter((l) => l.message === "http request")).toEqual([]);
  });
});

describe("RED metrics", () => {
  it("counts requests and observes durations per route template and status", async () => {
    const { app, metrics } = build();
    await app.fastify.inject({ method: "GET", url: "/items/a" });
    await app.fastify.inject({ method: "GET", url: "/items/b" });
    await app.fastify.inject({ method: "GET", url: "/items/missing" });
    expect(metrics.observed.get("http_requests_total")).toEqual([
      { labels: { method: "GET", route: "/items/:id", status: 200 }, value: 1 },
      { labels: { method: "GET", route: "/items/:id", status: 200 }, value: 1 },
      { labels: { method: "GET", route: "/items/:id", status: 404 }, value: 1 },
    ]);
    expect(metrics.observed.get("http_request_duration_ms")).toHaveLength(3);
  });

  it("passes one label set object per method, route and status, so adapters can key caches on it", async () => {
    const { app, metrics } = build();
    await app.fastify.inject({ method: "GET", url: "/items/a" });
    await app.fastify.inject({ method: "GET", url: "/items/b" });
    await app.fastify.inject({ method: "GET", url: "/items/missing" });
    const labels = metrics.observed.get("http_requests_total")?.map((o) => o.labels);
    expect([labels?.[0] === labels?.[1], labels?.[1] === labels?.[2], Object.isFrozen(labels?.[0])]).toEqual([true, false, true]);
  });

  it("records nothing when switched off", async () => {
    const { app, metrics } = build({ metrics: { enabled: false } });
    await app.fastify.inject({ method: "GET", url: "/items/a" });
    expect(metrics.observed.size).toBe(0);
  });
});

describe("tracing", () => {
  it("continues an incoming traceparent and answers with the server span's", async () => {
    const { app, tracer } = build();
    const incoming = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const res = await app.fastify.inject({ method: "GET", url: "/context", headers: { traceparent: incoming } });
    const span = tracer.spans.at(-1)!;
    expect(span).toMatchObject({
      name: "GET /context",
      kind: "server",
      traceId: "0af7651916cd43dd8448eb211c80319c",
      parentSpanId: "b7ad6b7169203331",
      ended: true,
      attributes: { "http.request.method": "GET", "http.route": "/context", "http.response.status_code": 200 },
    });
    expect(res.headers.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);
    expect(res.json<{ context: Record<string, string> }>().context).toEqual({
      correlationId: res.headers["x-request-id"],
      traceId: span.traceId,
      traceparent: res.headers.traceparent,
    });
  });

  it("marks the span failed with the error's tag", async () => {
    const { app, tracer } = build();
    await app.fastify.inject({ method: "GET", url: "/items/missing" });
    expect(tracer.spans.at(-1)).toMatchObject({
      errors: [{ _tag: "NotFound", message: "Item missing not found" }],
      attributes: { "http.response.status_code": 404 },
    });
  });

  it("spans answers made outside any route's pipeline, continuing the incoming trace", async () => {
    const { app, tracer } = build();
    const res = await app.fastify.inject({
      method: "GET",
      url: "/nowhere",
      headers: { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
    });
    const span = tracer.spans.at(-1)!;
    expect(span).toMatchObject({
      name: "GET unmatched",
      kind: "server",
      traceId: "0af7651916cd43dd8448eb211c80319c",
      parentSpanId: "b7ad6b7169203331",
      ended: true,
      attributes: { "http.response.status_code": 404 },
    });
    expect(res.headers.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);
  });

  it("echoes an answer outside any pipeline as not sampled when the incoming trace was not", async () => {
    const { app, tracer } = build();
    const res = await app.fastify.inject({
      method: "GET",
      url: "/nowhere",
      headers: { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00" },
    });
    const span = tracer.spans.at(-1)!;
    expect(res.headers.traceparent).toBe(`00-0af7651916cd43dd8448eb211c80319c-${span.spanId}-00`);
  });

  it("takes the span's traceparent from the context store when the tracer keeps its active span there", async () => {
    const context = createAsyncContextStore();
    const inner = recordingTracer();
    // Like @hexkit/otel given the app's store: the active span lives in the store (here unsampled, flag 00).
    const tracer: typeof inner = {
      ...inner,
      withSpan: (name, options, fn) =>
        inner.withSpan(name, options, (span) =>
          context.run({ traceparent: `00-${span.traceId}-${span.spanId}-00`, traceId: span.traceId }, () => fn(span)),
        ),
      inject: () => ({ traceparent: "never-asked" }),
    };
    const app = createHttpApp({ routes: sampleRoutes(context), logger: recordingLogger(), tracer, context });
    const res = await app.fastify.inject({ method: "GET", url: "/context" });
    const span = inner.spans.at(-1)!;
    expect([res.headers.traceparent, res.json<{ context: Record<string, string> }>().context.traceparent]).toEqual([
      `00-${span.traceId}-${span.spanId}-00`,
      `00-${span.traceId}-${span.spanId}-00`,
    ]);
  });

  it("keeps the traceparent out of answers when told to, and still traces", async () => {
    const { app, tracer } = build({ tracing: { answerTraceparent: false } });
    const incoming = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const res = await app.fastify.inject({ method: "GET", url: "/context", headers: { traceparent: incoming } });
    const span = tracer.spans.at(-1)!;
    expect(res.headers.traceparent).toBeUndefined();
    expect(span).toMatchObject({ traceId: "0af7651916cd43dd8448eb211c80319c", parentSpanId: "b7ad6b7169203331", ended: true });
    // Jobs enqueued by the handler still continue the trace.
    expect(res.json<{ context: Record<string, string> }>().context.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);
    // Answers made outside a route's pipeline (here a 404) keep it out too, and are still spanned.
    const missing = await app.fastify.inject({ method: "GET", url: "/nowhere" });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers.traceparent).toBeUndefined();
    expect(tracer.spans.at(-1)).toMatchObject({ name: "GET unmatched", ended: true });
  });

  it("starts no span when switched off", async () => {
    const { app, tracer } = build({ tracing: { enabled: false } });
    const res = await app.fastify.inject({ method: "GET", url: "/context" });
    expect(tracer.spans).toEqual([]);
    expect(res.headers.traceparent).toBeUndefined();
  });
});

describe("context", () => {
  it("runs nothing in a context when switched off", async () => {
    const { app } = build({ context: { enabled: false } });
    const res = await app.fastify.inject({ method: "GET", url: "/context" });
    expect(res.json<{ context: Record<string, string> }>().context).toEqual({});
  });
});
