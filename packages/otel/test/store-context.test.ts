import { okAsync } from "@hexkit/core";
import { createAsyncContextStore, createRecordingLogger } from "@hexkit/memory";
import { describe, expect, it } from "vitest";
import { createTestTracer } from "@hexkit/otel";

describe("createOtelTracer with the app's ContextStore", () => {
  it("keeps the active span in the store, so log lines inside a span carry its trace id", async () => {
    const context = createAsyncContextStore();
    const logger = createRecordingLogger({ context });
    const tracer = createTestTracer({}, { context });
    const r = await context.run({ correlationId: "req-1" }, () =>
      tracer.withSpan("work", {}, (span) => {
        logger.info("inside");
        return okAsync({ span, values: context.current(), carrier: context.inject() });
      }),
    );
    const { span, values, carrier } = r._unsafeUnwrap();
    const traceparent = `00-${span.traceId}-${span.spanId}-01`;
    expect(values).toEqual({ correlationId: "req-1", traceparent, traceId: span.traceId });
    expect(carrier).toEqual({ "x-request-id": "req-1", traceparent });
    expect(logger.entries()).toMatchObject([{ msg: "inside", correlationId: "req-1", traceId: span.traceId }]);
    expect(context.current()).toEqual({});
    await tracer.shutdown();
  });

  it("records spans started under a local span as having a local parent", async () => {
    const context = createAsyncContextStore();
    const tracer = createTestTracer({}, { context });
    await tracer.withSpan("outer", {}, () => {
      tracer.startSpan("inner").end();
      return okAsync(undefined);
    });
    const inner = tracer.exporter.getFinishedSpans().find((s) => s.name === "inner");
    expect(inner?.parentSpanContext?.isRemote).not.toBe(true);
    // Also when the parent is read back from the store (another flow wrote the cache last).
    await tracer.withSpan("other", {}, () => okAsync(undefined));
    const outer = tracer.finishedSpans().find((s) => s.name === "outer")!;
    await context.run({ traceparent: `00-${outer.traceId}-${outer.spanId}-01` }, () => {
      tracer.startSpan("late").end();
      return Promise.resolve();
    });
    const late = tracer.exporter.getFinishedSpans().find((s) => s.name === "late");
    expect(late?.parentSpanContext).toMatchObject({ spanId: outer.spanId, isRemote: false });
    await tracer.shutdown();
  });

  it("parents spans started inside a span's callback on that span, including its unsampled flag", async () => {
    const context = createAsyncContextStore();
    const tracer = createTestTracer({}, { context });
    const unsampled = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";
    const r = await tracer.withSpan("outer", {}, (outer) =>
      tracer.withSpan("middle", { parent: { traceparent: unsampled } }, (middle) => {
        const inner = tracer.startSpan("inner");
        inner.end();
        return okAsync({ outer, middle, inner, carrier: tracer.inject() });
      }),
    );
    const { outer, middle, inner, carrier } = r._unsafeUnwrap();
    expect([middle.traceId, inner.traceId, carrier.traceparent]).toEqual([
      "0af7651916cd43dd8448eb211c80319c",
      "0af7651916cd43dd8448eb211c80319c",
      `00-0af7651916cd43dd8448eb211c80319c-${middle.spanId}-00`,
    ]);
    // Unsampled: neither middle nor inner is recorded; outer is.
    expect(tracer.finishedSpans().map((s) => s.spanId)).toEqual([outer.spanId]);
    expect(inner.spanId).not.toBe(middle.spanId);
    await tracer.shutdown();
  });

  it("treats a traceparent the store got from a job's carrier as the active span", async () => {
    const context = createAsyncContextStore();
    const tracer = createTestTracer({}, { context });
    const carrier = { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "x-request-id": "req-2" };
    await context.run(context.extract(carrier), () => tracer.withSpan("job", { kind: "consumer" }, () => okAsync(undefined)));
    expect(tracer.finishedSpans()).toMatchObject([{ name: "job", traceId: "0af7651916cd43dd8448eb211c80319c", parentSpanId: "b7ad6b7169203331" }]);
    await tracer.shutdown();
  });

  it("uses its own AsyncLocalStorage when it installs OpenTelemetry's globals", async () => {
    const context = createAsyncContextStore();
    const tracer = createTestTracer({ registerGlobal: true }, { context });
    const r = await tracer.withSpan("work", {}, () => okAsync(context.current()));
    expect(r._unsafeUnwrap()).toEqual({});
    await tracer.shutdown();
  });
});
