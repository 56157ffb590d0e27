import { ok, okAsync } from "@hexkit/core";
import { context, propagation, trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { createTestTracer } from "@hexkit/otel";

// Its own file: vitest isolates files, and this is the one test that touches
// OpenTelemetry's process-wide globals.
describe("registerGlobal", () => {
  it("lets code on OpenTelemetry's global API see and continue this tracer's spans, until shutdown", async () => {
    const tracer = createTestTracer({ registerGlobal: true });
    const r = await tracer.withSpan("outer", {}, (span) => {
      const seen = trace.getActiveSpan()?.spanContext().spanId;
      const child = trace.getTracer("third-party").startSpan("library span");
      child.end();
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      return okAsync({ span, seen, carrier });
    });
    const { span, seen, carrier } = r._unsafeUnwrap();
    expect(seen).toBe(span.spanId);
    expect(carrier.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);
    expect(tracer.finishedSpans().find((s) => s.name === "library span")).toMatchObject({ traceId: span.traceId, parentSpanId: span.spanId });

    expect(await tracer.shutdown()).toEqual(ok(undefined));
    const after = trace.getTracer("third-party").startSpan("after");
    expect(after.spanContext().traceId).toBe("00000000000000000000000000000000");
  });
});
