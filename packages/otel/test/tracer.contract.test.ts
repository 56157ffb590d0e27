import type { AttributeValue } from "@hexkit/core";
import { createAsyncContextStore } from "@hexkit/memory";
import { type FinishedSpan, tracerContract, tracerInStoreContract } from "@hexkit/testing";
import { type FinishedSpan as OtelFinishedSpan, type TestTracer, createTestTracer } from "@hexkit/otel";

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

/** The harness of one test: its tracer, shut down after the test. */
const harnessOf = <S extends { readonly tracer: TestTracer }>(subject: S) =>
  Promise.resolve({
    subject: { ...subject, finishedSpans: () => Promise.resolve(subject.tracer.finishedSpans().map(toContract)) },
    advance: () => Promise.resolve(),
    teardown: async () => {
      await subject.tracer.shutdown();
    },
  });

const inStore = () => {
  const context = createAsyncContextStore();
  return harnessOf({ tracer: createTestTracer({}, { context }), context });
};

tracerContract("otel", () => harnessOf({ tracer: createTestTracer() }));
tracerContract("otel (active span in a ContextStore)", inStore);
tracerInStoreContract("otel (active span in a ContextStore)", inStore);
