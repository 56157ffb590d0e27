import { type ContextStore, ResultAsync, type Tracer } from "@hexkit/core";
import { type RecordedSpan, type RecordingTracer, createAsyncContextStore, createRecordingTracer } from "@hexkit/memory";
import { createFakeClock } from "@hexkit/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type HttpAppDeps, createHttpApp, defineRoute } from "../src/index.js";
import { recordingLogger } from "./fakes.js";
import { sampleRoutes } from "./sample-app.js";

/** Lets Fastify run the request up to the handler's first await. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const incoming = { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331" };

/** What the handler of GET /trace saw of the active span, right away and after an await. */
const Seen = z.object({ traceId: z.string(), traceparent: z.string(), tracestate: z.string(), context: z.record(z.string(), z.string()) });
type Seen = z.infer<typeof Seen>;

/** The app's store, counting its runs. */
function countingStore(): { store: ContextStore; runs: () => number } {
  const inner = createAsyncContextStore();
  let runs = 0;
  const store: ContextStore = {
    ...inner,
    run: (values, fn) => {
      runs += 1;
      return inner.run(values, fn);
    },
  };
  return { store, runs: () => runs };
}

/** An app whose GET /trace reports the active span (and starts a child after an await), plus the sample routes. */
function build(tracer: RecordingTracer, store: ContextStore, extra: Partial<HttpAppDeps> = {}) {
  let withSpans = 0;
  const counted: Tracer = {
    ...tracer,
    withSpan: (name, options, fn) => {
      withSpans += 1;
      return tracer.withSpan(name, options, fn);
    },
  };
  const look = (): Seen => {
    const carrier = tracer.inject();
    return { traceId: tracer.activeTraceId() ?? "none", traceparent: carrier.traceparent ?? "none", tracestate: carrier.tracestate ?? "none", context: { ...store.current() } };
  };
  const trace = defineRoute({
    method: "GET",
    path: "/trace",
    auth: "none",
    responses: { 200: z.object({ now: Seen, later: Seen }) },
    handler: () => {
      const now = look();
      return ResultAsync.fromSafePromise(settle()).map(() => {
        tracer.startSpan("child").end();
        return { now, later: look() };
      });
    },
  });
  const app = createHttpApp({ routes: [trace, ...sampleRoutes(store)], logger: recordingLogger(), tracer: counted, context: store, ...extra });
  return { app, withSpans: () => withSpans };
}

const named = (tracer: RecordingTracer, name: string): RecordedSpan | undefined => tracer.finishedSpans().find((s) => s.name === name);

describe("tracing with a tracer that keeps its active span in the app's store (startSpanIn)", () => {
  it("makes the server span active in the request's one context run, and ends it after the answer", async () => {
    const { store, runs } = countingStore();
    const tracer = createRecordingTracer({ context: store });
    const { app, withSpans } = build(tracer, store);
    const res = await app.fastify.inject({ method: "GET", url: "/trace", headers: { "x-request-id": "req-1" } });
    const server = named(tracer, "GET /trace");
    expect(server).toMatchObject({ kind: "server", status: "unset", attributes: { "http.request.method": "GET", "http.route": "/trace", "http.response.status_code": 200 } });
    const traceparent = `00-${server?.traceId}-${server?.spanId}-01`;
    const seen: Seen = { traceId: server?.traceId ?? "", traceparent, tracestate: "none", context: { correlationId: "req-1", traceparent, traceId: server?.traceId ?? "" } };
    expect(res.json()).toEqual({ now: seen, later: seen });
    expect(res.headers.traceparent).toBe(traceparent);
    expect(named(tracer, "child")).toMatchObject({ traceId: server?.traceId, parentSpanId: server?.spanId });
    // One run for the request (no second one for the span), and no withSpan.
    expect([runs(), withSpans()]).toEqual([1, 0]);
  });

  it("continues an incoming traceparent, and its tracestate inside the handler", async () => {
    const store = createAsyncContextStore();
    const tracer = createRecordingTracer({ context: store });
    const { app } = build(tracer, store);
    const headers = { traceparent: incoming.traceparent, tracestate: "vendor=abc" };
    const res = await app.fastify.inject({ method: "GET", url: "/trace", headers });
    const server = named(tracer, "GET /trace");
    expect(server).toMatchObject({ traceId: incoming.traceId, parentSpanId: incoming.spanId });
    expect(res.headers.traceparent).toBe(`00-${incoming.traceId}-${server?.spanId}-01`);
    expect(res.json<{ later: Seen }>().later).toMatchObject({ traceparent: res.headers.traceparent, tracestate: "vendor=abc" });
  });

  it("ends the span of a plain Result answer", async () => {
    const store = createAsyncContextStore();
    const tracer = createRecordingTracer({ context: store });
    const { app } = build(tracer, store);
    const res = await app.fastify.inject({ method: "GET", url: "/sync/2" });
    const server = named(tracer, "GET /sync/:n");
    expect(res.headers.traceparent).toBe(`00-${server?.traceId}-${server?.spanId}-01`);
    expect(server).toMatchObject({ status: "unset", attributes: { "http.response.status_code": 200 } });
  });

  it.each([
    ["an Err answer", "/items/missing", "GET /items/:id", 404, { _tag: "NotFound", message: "Item missing not found" }],
    ["a throwing handler", "/boom", "GET /boom", 500, { _tag: "Internal", message: "Handler of GET /boom threw" }],
    ["a rejecting handler", "/rejects", "GET /rejects", 500, { _tag: "Internal", message: "Handler of GET /rejects rejected" }],
  ])("marks the span failed for %s, with the status answered, and answers with its traceparent", async (_what, url, name, status, error) => {
    const store = createAsyncContextStore();
    const tracer = createRecordingTracer({ context: store });
    const { app } = build(tracer, store);
    const res = await app.fastify.inject({ method: "GET", url });
    const server = named(tracer, name);
    expect([res.statusCode, res.headers.traceparent]).toEqual([status, `00-${server?.traceId}-${server?.spanId}-01`]);
    expect(server).toMatchObject({ status: "error", error, attributes: { "http.response.status_code": status } });
  });

  it("ends the span at the deadline, marked with the Timeout and status 504, once", async () => {
    const clock = createFakeClock();
    const store = createAsyncContextStore();
    const tracer = createRecordingTracer({ context: store });
    const { app } = build(tracer, store, { clock });
    const pending = app.fastify.inject({ method: "GET", url: "/slow" });
    await settle();
    expect(tracer.finishedSpans()).toEqual([]);
    await clock.advance(1000);
    const res = await pending;
    await settle();
    expect(tracer.finishedSpans()).toMatchObject([
      { name: "GET /slow", status: "error", error: { _tag: "Timeout" }, attributes: { "http.response.status_code": 504 } },
    ]);
    const server = named(tracer, "GET /slow");
    expect([res.statusCode, res.headers.traceparent]).toEqual([504, `00-${server?.traceId}-${server?.spanId}-01`]);
  });
});

describe.each([
  ["lacks startSpanIn", () => createRecordingTracer()],
  ["keeps its active span in another store", () => createRecordingTracer({ context: createAsyncContextStore() })],
])("tracing with a tracer that %s (withSpan)", (_what, makeTracer) => {
  it("runs the handler inside the server span and ends it after the answer", async () => {
    const { store } = countingStore();
    const tracer = makeTracer();
    const { app, withSpans } = build(tracer, store);
    const res = await app.fastify.inject({ method: "GET", url: "/trace", headers: { "x-request-id": "req-2" } });
    const server = named(tracer, "GET /trace");
    expect(server).toMatchObject({ kind: "server", attributes: { "http.response.status_code": 200 } });
    const traceparent = `00-${server?.traceId}-${server?.spanId}-01`;
    const { now, later } = res.json<{ now: Seen; later: Seen }>();
    for (const seen of [now, later]) {
      expect(seen).toMatchObject({ traceId: server?.traceId, traceparent, context: { correlationId: "req-2", traceparent, traceId: server?.traceId } });
    }
    expect(res.headers.traceparent).toBe(traceparent);
    expect(named(tracer, "child")).toMatchObject({ parentSpanId: server?.spanId });
    expect(withSpans()).toBe(1);
  });

  it("marks the span failed on an Err answer", async () => {
    const store = createAsyncContextStore();
    const tracer = makeTracer();
    const { app } = build(tracer, store);
    await app.fastify.inject({ method: "GET", url: "/items/missing" });
    expect(named(tracer, "GET /items/:id")).toMatchObject({ status: "error", error: { _tag: "NotFound" }, attributes: { "http.response.status_code": 404 } });
  });
});
