import type { AttributeValue } from "@hexkit/core";
import { createAsyncContextStore } from "@hexkit/memory";
import { type FinishedSpan, tracerContract } from "@hexkit/testing";
import { type FinishedSpan as OtelFinishedSpan, createTestTracer } from "@hexkit/otel";

/** The contract's view of a span: the error is read back from the `exception` event the adapter records. */
function toContract(span: OtelFinishedSpan): FinishedSpan {
  const exception = span.events.find((e) => e.name === "exception");
  const attributes = Object.fromEntries(
    Object.entries(span.attributes).filter((entry): entry is [string, AttributeValue] => ["string", "number", "boolean"].includes(typeof entry[1])),
  );
  return {
    name: span.name,
    traceId: span.traceId,
    spanId: span.spanId,
    ...(span.parentSpanId === undefined ? {} : { parentSpanId: span.parentSpanId }),
    kind: span.kind,
    attributes,
    status: span.status,
    ...(exception === undefined
      ? {}
      : { error: { _tag: String(exception.attributes["exception.type"]), message: String(exception.attributes["exception.message"]) } }),
  };
}

for (const [name, shared] of [["otel", false], ["otel (active span in a ContextStore)", true]] as const) {
  tracerContract(name, () => {
    const tracer = createTestTracer({}, shared ? { context: createAsyncContextStore() } : {});
    return Promise.resolve({
      subject: { tracer, finishedSpans: () => Promise.resolve(tracer.finishedSpans().map(toContract)) },
      advance: () => Promise.resolve(),
      teardown: async () => {
        await tracer.shutdown();
      },
    });
  });
}
