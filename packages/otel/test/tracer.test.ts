import { type ResultAsync, err, errAsync, internal, notFound, ok, okAsync } from "@hexkit/core";
import { createAsyncContextStore } from "@hexkit/memory";
import { afterEach, describe, expect, it } from "vitest";
import { type TestTracer, createTestTracer } from "@hexkit/otel";

const traceIdPattern = /^[0-9a-f]{32}$/;
const spanIdPattern = /^[0-9a-f]{16}$/;
/** Resolves on a later macrotask, so work crosses a real async boundary. */
const later = <T>(value: T): ResultAsync<T, never> => okAsync(undefined).andThen(() => okAsync(value)).map(async (v) => {
  await new Promise((resolve) => setImmediate(resolve));
  return v;
});

let tracers: TestTracer[] = [];
afterEach(async () => {
  for (const t of tracers) await t.shutdown();
  tracers = [];
});

describe.each([
  ["its own AsyncLocalStorage", false],
  ["the app's ContextStore", true],
])("Tracer: otel, active span kept in %s", (_where, shared) => {
  const newTracer = (options: Parameters<typeof createTestTracer>[0] = {}): TestTracer => {
    const tracer = createTestTracer(options, shared ? { context: createAsyncContextStore() } : {});
    tracers.push(tracer);
    return tracer;
  };

  it("starts a root span with fresh ids, its kind and attributes", () => {
    const tracer = newTracer();
    const span = tracer.startSpan("GET /v1/messages", { kind: "server", attributes: { "http.request.method": "GET" } });
    span.setAttribute("http.response.status_code", 200);
    span.setAttributes({ "hexkit.tenant": "t1", "hexkit.cached": true });
    span.end();
    expect(span.traceId).toMatch(traceIdPattern);
    expect(span.spanId).toMatch(spanIdPattern);
    expect(tracer.finishedSpans()).toEqual([
      {
        name: "GET /v1/messages",
        kind: "server",
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: undefined,
        status: "unset",
        statusMessage: undefined,
        attributes: { "http.request.method": "GET", "http.response.status_code": 200, "hexkit.tenant": "t1", "hexkit.cached": true },
        events: [],
      },
    ]);
  });

  it("exports a span once however often it is ended", () => {
    const tracer = newTracer();
    const span = tracer.startSpan("once");
    span.end();
    span.end();
    expect(tracer.finishedSpans()).toHaveLength(1);
  });

  it("returns the callback's Ok and ends the span unmarked", async () => {
    const tracer = newTracer();
    expect(await tracer.withSpan("work", {}, () => later(42))).toEqual(ok(42));
    expect(tracer.finishedSpans()).toMatchObject([{ name: "work", kind: "internal", status: "unset", events: [] }]);
  });

  it("returns the callback's Err and marks the span failed with the error's tag and message", async () => {
    const tracer = newTracer();
    const failure = notFound("endpoint", "ep_1");
    expect(await tracer.withSpan("load endpoint", { kind: "client" }, () => errAsync(failure))).toEqual(err(failure));
    expect(tracer.finishedSpans()).toMatchObject([
      {
        name: "load endpoint",
        status: "error",
        statusMessage: "NotFound: endpoint ep_1 not found",
        attributes: { "error.type": "NotFound" },
        events: [{ name: "exception", attributes: { "exception.type": "NotFound", "exception.message": "endpoint ep_1 not found" } }],
      },
    ]);
  });

  it("never records an Internal error's cause", async () => {
    const tracer = newTracer();
    const cause = new Error("connect ECONNREFUSED postgres://admin:s3cret@db:5432");
    await tracer.withSpan("query", {}, () => errAsync(internal("Query failed", cause)));
    const manual = tracer.startSpan("manual");
    manual.recordError(internal("Also failed", cause));
    manual.end();
    const exported = JSON.stringify(tracer.exporter.getFinishedSpans().map((s) => ({ status: s.status, attributes: s.attributes, events: s.events })));
    expect(exported).toContain("Query failed");
    expect(exported).toContain("Also failed");
    expect(exported).not.toContain("s3cret");
    expect(exported).not.toContain("ECONNREFUSED");
  });

  it("makes its span the parent of spans started inside the callback, across async boundaries", async () => {
    const tracer = newTracer();
    let inner: { traceId: string; spanId: string } | undefined;
    const outer = await tracer.withSpan("outer", {}, (span) =>
      later(span).andThen((outerSpan) =>
        tracer.withSpan("inner", {}, (innerSpan) => {
          inner = innerSpan;
          return later(outerSpan);
        }),
      ),
    );
    const outerSpan = outer._unsafeUnwrap();
    expect(inner?.traceId).toBe(outerSpan.traceId);
    const byName = Object.fromEntries(tracer.finishedSpans().map((s) => [s.name, s]));
    expect(byName.inner?.parentSpanId).toBe(outerSpan.spanId);
    expect(byName.outer?.parentSpanId).toBeUndefined();
  });

  it("parents startSpan on the active span, and on nothing outside a span", async () => {
    const tracer = newTracer();
    const outside = tracer.startSpan("outside");
    outside.end();
    const r = await tracer.withSpan("outer", {}, (outer) => {
      const child = tracer.startSpan("child", { kind: "producer" });
      child.end();
      return okAsync({ outer: outer.spanId, child: child.traceId, outerTrace: outer.traceId });
    });
    const ids = r._unsafeUnwrap();
    expect(ids.child).toBe(ids.outerTrace);
    expect(tracer.finishedSpans().find((s) => s.name === "child")?.parentSpanId).toBe(ids.outer);
    expect(tracer.finishedSpans().find((s) => s.name === "outside")?.parentSpanId).toBeUndefined();
  });

  it("keeps concurrent flows apart", async () => {
    const tracer = newTracer();
    const flow = (name: string) =>
      tracer.withSpan(name, {}, (span) => later(undefined).andThen(() => later(tracer.activeTraceId() === span.traceId)));
    const results = await Promise.all([flow("a"), flow("b"), flow("c")]);
    expect(results).toEqual([ok(true), ok(true), ok(true)]);
    const traces = new Set(tracer.finishedSpans().map((s) => s.traceId));
    expect(traces.size).toBe(3);
  });

  it("injects a W3C traceparent for the active span and nothing outside one", async () => {
    const tracer = newTracer();
    expect(tracer.inject()).toEqual({});
    const r = await tracer.withSpan("send", { kind: "producer" }, (span) => okAsync({ carrier: tracer.inject(), span }));
    const { carrier, span } = r._unsafeUnwrap();
    expect(carrier).toEqual({ traceparent: `00-${span.traceId}-${span.spanId}-01` });
  });

  it("continues the trace of a carrier given as parent, over the active span", async () => {
    const producer = newTracer();
    const consumer = newTracer();
    const sent = await producer.withSpan("enqueue", { kind: "producer" }, (span) => okAsync({ carrier: producer.inject(), span }));
    const { carrier, span: producerSpan } = sent._unsafeUnwrap();
    await consumer.withSpan("unrelated", {}, () =>
      consumer.withSpan("process job", { kind: "consumer", parent: carrier }, () => okAsync(undefined)),
    );
    const processed = consumer.finishedSpans().find((s) => s.name === "process job");
    expect(processed).toMatchObject({ traceId: producerSpan.traceId, parentSpanId: producerSpan.spanId, kind: "consumer" });
    const manual = consumer.startSpan("manual consumer", { parent: { traceparent: carrier.traceparent! } });
    manual.end();
    expect(manual.traceId).toBe(producerSpan.traceId);
  });

  it("falls back to the active span, or a new trace, when the carrier has no valid traceparent", async () => {
    const tracer = newTracer();
    const fresh = tracer.startSpan("fresh", { parent: { traceparent: "garbage" } });
    fresh.end();
    expect(fresh.traceId).toMatch(traceIdPattern);
    const r = await tracer.withSpan("outer", {}, (outer) => {
      const child = tracer.startSpan("child", { parent: {} });
      child.end();
      return okAsync(child.traceId === outer.traceId);
    });
    expect(r).toEqual(ok(true));
  });

  it("reports the active trace id inside a span and none outside", async () => {
    const tracer = newTracer();
    expect(tracer.activeTraceId()).toBeUndefined();
    const r = await tracer.withSpan("x", {}, (span) => later(tracer.activeTraceId() === span.traceId));
    expect(r).toEqual(ok(true));
    expect(tracer.activeTraceId()).toBeUndefined();
  });

  it("ends the span as failed and lets the exception through when the callback throws", () => {
    const tracer = newTracer();
    const boom = new Error("bug");
    expect(() => tracer.withSpan("buggy", {}, () => { throw boom; })).toThrow(boom);
    expect(tracer.finishedSpans()).toMatchObject([{ name: "buggy", status: "error", attributes: { "error.type": "Internal" } }]);
  });

  it("ends the span as failed and rejects when the callback's promise rejects", async () => {
    const tracer = newTracer();
    const boom = new Error("bug");
    const rejecting = okAsync(1).map(() => Promise.reject(boom));
    await expect(tracer.withSpan("buggy", {}, () => rejecting)).rejects.toBe(boom);
    expect(tracer.finishedSpans()).toMatchObject([{ name: "buggy", status: "error", attributes: { "error.type": "Internal" } }]);
  });

  it("keeps the active spans of two tracers apart", async () => {
    const a = newTracer();
    const b = newTracer();
    const r = await a.withSpan("a", {}, () => okAsync({ a: a.activeTraceId(), b: b.activeTraceId(), carrier: b.inject() }));
    expect(r._unsafeUnwrap()).toMatchObject({ b: undefined, carrier: {} });
    expect(r._unsafeUnwrap().a).toMatch(traceIdPattern);
  });

  it("records nothing for an unsampled trace but still propagates it, unsampled", async () => {
    const tracer = newTracer({ samplingRatio: 0 });
    const r = await tracer.withSpan("dropped", {}, (span) => okAsync({ carrier: tracer.inject(), span, active: tracer.activeTraceId() }));
    const { carrier, span, active } = r._unsafeUnwrap();
    expect(active).toBe(span.traceId);
    expect(carrier).toEqual({ traceparent: `00-${span.traceId}-${span.spanId}-00` });
    expect(tracer.finishedSpans()).toEqual([]);
  });

  it("records a share of new traces at a ratio between 0 and 1", () => {
    const tracer = newTracer({ samplingRatio: 0.5 });
    for (let i = 0; i < 400; i++) tracer.startSpan(`span ${i}`).end();
    // Binomial(400, 0.5): outside 120..280 with a probability below 1e-15.
    expect(tracer.finishedSpans().length).toBeGreaterThan(120);
    expect(tracer.finishedSpans().length).toBeLessThan(280);
  });

  it("follows a sampled parent even when it would not sample a new trace", () => {
    const tracer = newTracer({ samplingRatio: 0 });
    const parent = { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };
    tracer.startSpan("continued", { parent }).end();
    expect(tracer.finishedSpans()).toMatchObject([{ traceId: "0af7651916cd43dd8448eb211c80319c", parentSpanId: "b7ad6b7169203331" }]);
  });

  it("flushes and shuts down idempotently", async () => {
    const tracer = newTracer();
    tracer.startSpan("before").end();
    expect(await tracer.forceFlush()).toEqual(ok(undefined));
    expect(tracer.finishedSpans()).toMatchObject([{ name: "before" }]);
    expect(await tracer.shutdown()).toEqual(ok(undefined));
    expect(await tracer.shutdown()).toEqual(ok(undefined));
    expect(await tracer.forceFlush()).toEqual(ok(undefined));
  });

  it("names the service in every span's resource", () => {
    const tracer = newTracer({ serviceName: "webhooks", serviceVersion: "1.2.3", environment: "test" });
    tracer.startSpan("x").end();
    expect(tracer.exporter.getFinishedSpans()[0]?.resource.attributes).toMatchObject({
      "service.name": "webhooks",
      "service.version": "1.2.3",
      "deployment.environment.name": "test",
    });
  });
});
