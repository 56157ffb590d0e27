import type { Attributes } from "@hexkit/core";
import {
  type Context,
  INVALID_SPAN_CONTEXT,
  type SpanContext,
  type SpanKind,
  TraceFlags,
  type TraceState,
  isSpanContextValid,
  trace,
} from "@opentelemetry/api";
import { isTracingSuppressed } from "@opentelemetry/core";
import type { IdGenerator, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { RecordedSpan, type SpanSink } from "./recorded-span.js";
import { UnsampledSpan } from "./unsampled-span.js";

/** Starts the port's spans: ids, the sampling decision, and a recorded or unsampled span. */
export type SpanStarter = (name: string, kind: SpanKind, attributes: Attributes | undefined, parent: Context) => RecordedSpan | UnsampledSpan;

/** What new traces are sampled by: always, never, or a decision per new trace id (see ratioSampled). */
export type RootSampling = boolean | ((traceId: string) => boolean);

const suppressed = new UnsampledSpan(INVALID_SPAN_CONTEXT);

/** A span context with all four keys, present or not, so every one has the same shape (as the SDK's). */
const spanContextOf = (traceId: string, spanId: string, traceFlags: number, traceState: TraceState | undefined): SpanContext =>
  ({ traceId, spanId, traceFlags, traceState }) as SpanContext;

/** The span processors as one, without a loop for the usual single processor. */
export function fanOut(processors: readonly SpanProcessor[]): SpanProcessor {
  const [only] = processors;
  if (only !== undefined && processors.length === 1) return only;
  return {
    onStart: (span, parent) => {
      for (const p of processors) p.onStart(span, parent);
    },
    onEnding: (span) => {
      for (const p of processors) p.onEnding?.(span);
    },
    onEnd: (span) => {
      for (const p of processors) p.onEnd(span);
    },
    forceFlush: async () => {
      await Promise.all(processors.map((p) => p.forceFlush()));
    },
    shutdown: async () => {
      await Promise.all(processors.map((p) => p.shutdown()));
    },
  };
}

/**
 * The SDK tracer's `startSpan`, cut to what the port uses, with the same
 * decisions: tracing suppressed in `parent` gives the invalid span; a valid
 * parent span gives its trace id, trace state and sampled flag (parent-based
 * sampling); otherwise a new trace id is sampled by `root`. A sampled span
 * is recorded and the span processors are told; an unsampled one is ids only
 * (the SDK's non-recording span), which is all `traceparent` and child
 * spans need. Not kept from the SDK: its experimental self-metrics
 * (`otel.sdk.span.*`), off unless a global MeterProvider is installed.
 */
export function spanStarter(sink: SpanSink, ids: IdGenerator, root: RootSampling): SpanStarter {
  return (name, kind, attributes, parent) => {
    if (isTracingSuppressed(parent)) return suppressed;
    const parentSpan = trace.getSpan(parent);
    const parentContext = parentSpan?.spanContext();
    let context: SpanContext;
    let validParent: SpanContext | undefined;
    // This tracer's own recorded spans have valid ids by construction; other parents are checked.
    if (parentContext !== undefined && (parentSpan instanceof RecordedSpan || isSpanContextValid(parentContext))) {
      validParent = parentContext;
      context = spanContextOf(parentContext.traceId, ids.generateSpanId(), parentContext.traceFlags & TraceFlags.SAMPLED, parentContext.traceState);
    } else {
      const traceId = ids.generateTraceId();
      const sampled = typeof root === "boolean" ? root : root(traceId);
      context = spanContextOf(traceId, ids.generateSpanId(), sampled ? TraceFlags.SAMPLED : TraceFlags.NONE, undefined);
    }
    if ((context.traceFlags & TraceFlags.SAMPLED) === 0) return new UnsampledSpan(context);
    return new RecordedSpan(sink, context, name, kind, validParent, attributes).started(parent);
  };
}
