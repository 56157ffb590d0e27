import type { SpanKind } from "@hexkit/core";
import { SpanKind as ApiSpanKind, SpanStatusCode } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { type OtelTracer, type OtelTracerDeps, assemble } from "./assemble.js";
import { type OtelTracerOptionsInput, parseOtelOptions } from "./options.js";

/** A finished span, reduced to what tests assert on. */
export interface FinishedSpan {
  readonly name: string;
  readonly kind: SpanKind;
  readonly traceId: string;
  readonly spanId: string;
  /** The parent's span id; undefined for the root of a trace. */
  readonly parentSpanId: string | undefined;
  readonly status: "unset" | "ok" | "error";
  readonly statusMessage: string | undefined;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly events: readonly { readonly name: string; readonly attributes: Readonly<Record<string, unknown>> }[];
}

/** A tracer whose finished spans stay in memory, for tests. */
export interface TestTracer extends OtelTracer {
  /** Spans ended so far, in the order they ended. */
  finishedSpans(): FinishedSpan[];
  /** Forgets the spans ended so far. */
  reset(): void;
  /** The underlying exporter, for assertions the summary does not cover. */
  readonly exporter: InMemorySpanExporter;
}

const kindOf: Record<ApiSpanKind, SpanKind> = {
  [ApiSpanKind.INTERNAL]: "internal",
  [ApiSpanKind.SERVER]: "server",
  [ApiSpanKind.CLIENT]: "client",
  [ApiSpanKind.PRODUCER]: "producer",
  [ApiSpanKind.CONSUMER]: "consumer",
};
const statusOf: Record<SpanStatusCode, FinishedSpan["status"]> = {
  [SpanStatusCode.UNSET]: "unset",
  [SpanStatusCode.OK]: "ok",
  [SpanStatusCode.ERROR]: "error",
};

/** Reduces an SDK span to a `FinishedSpan`. */
export function summarize(span: ReadableSpan): FinishedSpan {
  const context = span.spanContext();
  return {
    name: span.name,
    kind: kindOf[span.kind],
    traceId: context.traceId,
    spanId: context.spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    status: statusOf[span.status.code],
    statusMessage: span.status.message,
    attributes: { ...span.attributes },
    events: span.events.map((e) => ({ name: e.name, attributes: { ...(e.attributes ?? {}) } })),
  };
}

/**
 * Creates an `OtelTracer` that exports every span, synchronously as it ends,
 * to an in-memory exporter: same provider, sampler, context manager and
 * propagator as `createOtelTracer`, so what a test sees is what production
 * exports. `serviceName` defaults to `test`, sampling to 1.
 */
export function createTestTracer(options: Partial<OtelTracerOptionsInput> = {}, deps: OtelTracerDeps = {}): TestTracer {
  const config = parseOtelOptions({ serviceName: "test", ...options });
  const exporter = new InMemorySpanExporter();
  const tracer = assemble(config, [new SimpleSpanProcessor(exporter)], deps);
  return {
    ...tracer,
    exporter,
    finishedSpans: () => exporter.getFinishedSpans().map(summarize),
    reset: () => {
      exporter.reset();
    },
  };
}
