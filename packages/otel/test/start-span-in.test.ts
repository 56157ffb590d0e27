import { okAsync } from "@hexkit/core";
import { createAsyncContextStore, createRecordingLogger } from "@hexkit/memory";
import { INVALID_SPAN_CONTEXT, TraceFlags, trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { createTestTracer } from "@hexkit/otel";
import { storeContextManager } from "../src/store-context-manager.js";
import { UnsampledSpan } from "../src/unsampled-span.js";

const unsampledParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";

describe("startSpanIn on the app's ContextStore", () => {
  it("makes an unsampled span active inside the run: same trace, flag 00, nothing recorded", async () => {
    const context = createAsyncContextStore();
    const tracer = createTestTracer({ samplingRatio: 0 }, { context });
    const started = tracer.startSpanIn?.(context, "GET /items/:id", { kind: "server" });
    const { span, values } = started!;
    expect(values).toEqual({ traceparent: `00-${span.traceId}-${span.spanId}-00`, traceId: span.traceId });
    const inside = context.run(values, () => {
      const child = tracer.startSpan("child");
      child.end();
      return { child, carrier: tracer.inject(), traceId: tracer.activeTraceId() };
    });
    span.recordError({ _tag: "Timeout", message: "too slow" });
    span.end();
    expect(inside).toMatchObject({ child: { traceId: span.traceId }, carrier: { traceparent: values.traceparent }, traceId: span.traceId });
    expect(inside.child.spanId).not.toBe(span.spanId);
    expect(tracer.finishedSpans()).toEqual([]);
    await tracer.shutdown();
  });

  it("follows an unsampled carrier parent even when every new trace is sampled", async () => {
    const context = createAsyncContextStore();
    const tracer = createTestTracer({}, { context });
    const { span, values } = tracer.startSpanIn?.(context, "consume", { parent: { traceparent: unsampledParent } }) ?? {};
    expect(values?.traceparent).toBe(`00-0af7651916cd43dd8448eb211c80319c-${span?.spanId}-00`);
    span?.end();
    expect(tracer.finishedSpans()).toEqual([]);
    await tracer.shutdown();
  });

  it("exports an ended sampled span with its error, and log lines inside the run carry its trace id", async () => {
    const context = createAsyncContextStore();
    const logger = createRecordingLogger({ context });
    const tracer = createTestTracer({}, { context });
    const { span, values } = tracer.startSpanIn?.(context, "POST /v1/messages", { kind: "server" }) ?? {};
    await context.run({ correlationId: "req-1", ...values }, () =>
      tracer.withSpan("enqueue", { kind: "producer" }, () => {
        logger.info("inside");
        return okAsync(undefined);
      }),
    );
    span?.setAttribute("http.response.status_code", 500);
    span?.recordError({ _tag: "Internal", message: "Unhandled exception in POST /v1/messages" });
    span?.end();
    const [enqueue, server] = tracer.finishedSpans();
    expect(server).toMatchObject({
      name: "POST /v1/messages",
      kind: "server",
      status: "error",
      statusMessage: "Internal: Unhandled exception in POST /v1/messages",
      attributes: { "http.response.status_code": 500, "error.type": "Internal" },
    });
    expect(enqueue).toMatchObject({ traceId: span?.traceId, parentSpanId: span?.spanId });
    expect(logger.entries()).toMatchObject([{ msg: "inside", correlationId: "req-1", traceId: span?.traceId }]);
    await tracer.shutdown();
  });

  it("is absent when the tracer keeps its own AsyncLocalStorage", async () => {
    const context = createAsyncContextStore();
    const tracers = [createTestTracer(), createTestTracer({ registerGlobal: true }, { context })];
    expect(tracers.map((t) => typeof t.startSpanIn)).toEqual(["undefined", "undefined"]);
    for (const t of tracers) await t.shutdown();
  });
});

describe("storeContextManager.valuesFor", () => {
  const span = new UnsampledSpan(
    { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", traceFlags: TraceFlags.NONE },
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
  );

  it("has active() inside the run answer the span itself, not a copy parsed from the store", () => {
    const store = createAsyncContextStore();
    const manager = storeContextManager(store);
    const values = manager.valuesFor(span, manager.active());
    expect(values).toEqual({ traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", traceId: "4bf92f3577b34da6a3ce929d0e0e4736" });
    expect(store.run({ correlationId: "c", ...values }, () => trace.getSpan(manager.active()))).toBe(span);
  });

  it("gives no entries for the invalid span of suppressed tracing", () => {
    const manager = storeContextManager(createAsyncContextStore());
    expect(manager.valuesFor(new UnsampledSpan(INVALID_SPAN_CONTEXT, `00-${INVALID_SPAN_CONTEXT.traceId}-${INVALID_SPAN_CONTEXT.spanId}-00`), manager.active())).toBeUndefined();
  });
});
