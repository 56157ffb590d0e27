import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import {
  type ContextStore,
  type Counter,
  type Gauge,
  type Histogram,
  type Labels,
  type LogFields,
  type Logger,
  type LogLevel,
  type Metrics,
  type Result,
  ResultAsync,
  type Span,
  type SpanOptions,
  type Tracer,
} from "@hexkit/core";

// Local test doubles for the Logger, Tracer and Metrics ports (the recording
// ones in @hexkit/memory did not exist when these tests were written).

/** One line a RecordingLogger wrote, with the ambient context at the time. */
export interface LogLine {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: LogFields;
  readonly context: Readonly<Record<string, string>>;
}

/** A Logger that keeps every line, with the context store's values at write time (as @hexkit/pino does). */
export function recordingLogger(context?: ContextStore): Logger & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  const make = (bindings: LogFields): Logger & { readonly lines: LogLine[] } => {
    const write =
      (level: LogLevel) =>
      (message: string, fields: LogFields = {}): void => {
        lines.push({ level, message, fields: { ...bindings, ...fields }, context: context?.current() ?? {} });
      };
    return {
      lines,
      trace: write("trace"),
      debug: write("debug"),
      info: write("info"),
      warn: write("warn"),
      error: write("error"),
      fatal: write("fatal"),
      child: (more) => make({ ...bindings, ...more }),
      isLevelEnabled: () => true,
    };
  };
  return make({});
}

/** A span a RecordingTracer started. */
export interface RecordedSpan {
  readonly name: string;
  readonly kind: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly attributes: Record<string, unknown>;
  error?: { readonly _tag: string; readonly message: string };
  ended: boolean;
}

const traceparentPattern = /^00-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/;

/** A Tracer that keeps every span and propagates W3C traceparent through carriers. */
export function recordingTracer(): Tracer & { readonly spans: RecordedSpan[] } {
  const spans: RecordedSpan[] = [];
  const active = new AsyncLocalStorage<RecordedSpan>();
  const startRecorded = (name: string, options: SpanOptions = {}): RecordedSpan => {
    const fromCarrier = traceparentPattern.exec(options.parent?.traceparent ?? "");
    const parent = fromCarrier ? { traceId: fromCarrier[1]!, spanId: fromCarrier[2]! } : active.getStore();
    const span: RecordedSpan = {
      name,
      kind: options.kind ?? "internal",
      traceId: parent?.traceId ?? randomBytes(16).toString("hex"),
      spanId: randomBytes(8).toString("hex"),
      parentSpanId: parent?.spanId,
      attributes: { ...options.attributes },
      ended: false,
    };
    spans.push(span);
    return span;
  };
  const asSpan = (recorded: RecordedSpan): Span => ({
    traceId: recorded.traceId,
    spanId: recorded.spanId,
    setAttribute: (key, value) => {
      recorded.attributes[key] = value;
    },
    setAttributes: (attributes) => Object.assign(recorded.attributes, attributes),
    recordError: (error) => {
      recorded.error = { _tag: error._tag, message: error.message };
    },
    end: () => {
      recorded.ended = true;
    },
  });
  return {
    spans,
    startSpan: (name, options) => asSpan(startRecorded(name, options)),
    withSpan: <T, E extends { readonly _tag: string; readonly message: string }>(
      name: string,
      options: SpanOptions,
      fn: (span: Span) => ResultAsync<T, E>,
    ): ResultAsync<T, E> => {
      const recorded = startRecorded(name, options);
      const span = asSpan(recorded);
      const run = async (): Promise<Result<T, E>> => {
        const result = await active.run(recorded, () => fn(span));
        if (result.isErr()) span.recordError(result.error);
        span.end();
        return result;
      };
      return new ResultAsync(run());
    },
    inject: () => {
      const span = active.getStore();
      return span === undefined ? {} : { traceparent: `00-${span.traceId}-${span.spanId}-01` };
    },
    activeTraceId: () => active.getStore()?.traceId,
  };
}

/** One recorded measurement. */
export interface Measurement {
  readonly name: string;
  readonly kind: "counter" | "gauge" | "histogram";
  readonly value: number;
  readonly labels: Labels;
}

/** A Metrics port that keeps every measurement in order. */
export function recordingMetrics(): Metrics & { readonly measurements: Measurement[] } {
  const measurements: Measurement[] = [];
  const counter = (name: string): Counter => ({
    inc: (labels = {}, value = 1) => measurements.push({ name, kind: "counter", value, labels }),
  });
  const gauge = (name: string): Gauge => ({
    set: (value, labels = {}) => measurements.push({ name, kind: "gauge", value, labels }),
    inc: (labels = {}, value = 1) => measurements.push({ name, kind: "gauge", value, labels }),
    dec: (labels = {}, value = 1) => measurements.push({ name, kind: "gauge", value: -value, labels }),
  });
  const histogram = (name: string): Histogram => ({
    observe: (value, labels = {}) => measurements.push({ name, kind: "histogram", value, labels }),
  });
  return {
    measurements,
    counter: (definition) => counter(definition.name),
    gauge: (definition) => gauge(definition.name),
    histogram: (definition) => histogram(definition.name),
  };
}
