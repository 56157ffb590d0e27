import type { Attributes } from "@hexkit/core";
import {
  type Context,
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  type SpanContext,
  type SpanKind,
  TraceFlags,
  type TraceState,
  isSpanContextValid,
  trace,
} from "@opentelemetry/api";
import { isTracingSuppressed } from "@opentelemetry/core";
import type { SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { RecordedSpan, type SpanSink } from "./recorded-span.js";
import { TraceparentMinter, spanIdOf, traceIdOf } from "./traceparent-minter.js";
import { UnsampledSpan } from "./unsampled-span.js";

/** Starts the port's spans: ids, the sampling decision, and a recorded or unsampled span. */
export type SpanStarter = (name: string, kind: SpanKind, attributes: Attributes | undefined, parent: Context) => RecordedSpan | UnsampledSpan;

/** What new traces are sampled by: always, never, or a decision per new trace id, from its word (see ratioSampled). */
export type RootSampling = boolean | ((traceIdWord: number) => boolean);

const suppressed = new UnsampledSpan(
  INVALID_SPAN_CONTEXT,
  `00-${INVALID_SPAN_CONTEXT.traceId}-${INVALID_SPAN_CONTEXT.spanId}-00`,
);

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

/** The parent's span context when `parent` holds a valid span (this tracer's own are valid by construction). */
function validParentOf(parent: Context): SpanContext | undefined {
  const parentSpan = trace.getSpan(parent);
  const parentContext = parentSpan?.spanContext();
  return parentContext !== undefined && (parentSpan instanceof RecordedSpan || isSpanContextValid(parentContext)) ? parentContext : undefined;
}

/**
 * The SDK tracer's `startSpan`, cut to what the port uses, with the same
 * decisions: tracing suppressed in `parent` gives the invalid span; a valid
 * parent span gives its trace id, trace state and sampled flag (parent-based
 * sampling); otherwise a new trace id is sampled by `root`. A sampled span
 * is recorded and the span processors are told; an unsampled one is ids only
 * (the SDK's non-recording span), which is all `traceparent` and child
 * spans need. Ids and the span's `traceparent` are minted together (see
 * TraceparentMinter). Not kept from the SDK: its experimental self-metrics
 * (`otel.sdk.span.*`), off unless a global MeterProvider is installed.
 */
export function spanStarter(sink: SpanSink, root: RootSampling): SpanStarter {
  const minter = new TraceparentMinter();
  return (name, kind, attributes, parent) => {
    // The root context holds nothing: no suppression, no parent span (a new request's usual case).
    if (parent !== ROOT_CONTEXT && isTracingSuppressed(parent)) return suppressed;
    const validParent = parent === ROOT_CONTEXT ? undefined : validParentOf(parent);
    let sampled: boolean;
    let traceState: TraceState | undefined;
    if (validParent === undefined) {
      const word = minter.root();
      sampled = typeof root === "boolean" ? root : root(word);
    } else {
      minter.child(validParent.traceId);
      sampled = (validParent.traceFlags & TraceFlags.SAMPLED) !== 0;
      traceState = validParent.traceState;
    }
    const traceparent = minter.traceparent(sampled);
    const context = spanContextOf(traceIdOf(traceparent), spanIdOf(traceparent), sampled ? TraceFlags.SAMPLED : TraceFlags.NONE, traceState);
    if (!sampled) return new UnsampledSpan(context, traceparent);
    return new RecordedSpan(sink, context, traceparent, name, kind, validParent, attributes).started(parent);
  };
}
