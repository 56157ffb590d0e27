import type { Counter, Histogram, Labels, LogFields, Logger, LogLevel, Metrics, Span, SpanOptions, Tracer } from "@hexkit/core";

/** One recorded log line. */
export interface LogLine {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: LogFields;
}

/** A logger that keeps every line (children share the parent's list). */
export function recordingLogger(lines: LogLine[] = [], bindings: LogFields = {}): Logger & { lines: LogLine[] } {
  const write = (level: LogLevel) => (message: string, fields: LogFields = {}) => {
    lines.push({ level, message, fields: { ...bindings, ...fields } });
  };
  return {
    lines,
    trace: write("trace"),
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    fatal: write("fatal"),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
    isLevelEnabled: () => true,
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
  child: () => silentLogger,
  isLevelEnabled: () => false,
};

/** Metrics that keep every observation by instrument name. */
export function recordingMetrics(): Metrics & { readonly observed: Map<string, { labels: Labels | undefined; value: number }[]> } {
  const observed = new Map<string, { labels: Labels | undefined; value: number }[]>();
  const record = (name: string, labels: Labels | undefined, value: number) => {
    const list = observed.get(name) ?? [];
    list.push({ labels, value });
    observed.set(name, list);
  };
  return {
    observed,
    counter: (d): Counter => ({
      inc: (labels, value = 1) => {
        record(d.name, labels, value);
      },
    }),
    gauge: (d) => ({
      set: (value, labels) => {
        record(d.name, labels, value);
      },
      inc: (labels, value = 1) => {
        record(d.name, labels, value);
      },
      dec: (labels, value = 1) => {
        record(d.name, labels, -value);
      },
    }),
    histogram: (d): Histogram => ({
      observe: (value, labels) => {
        record(d.name, labels, value);
      },
    }),
  };
}

/** One finished span, as the recording tracer keeps it. */
export interface RecordedSpan {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly kind: string | undefined;
  readonly attributes: Record<string, string | number | boolean>;
  readonly errors: { _tag: string; message: string }[];
  ended: boolean;
}

let ids = 0;
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** A tracer that records spans and parses/writes W3C traceparent; the active span follows `withSpan` only. */
export function recordingTracer(): Tracer & { readonly spans: RecordedSpan[] } {
  const spans: RecordedSpan[] = [];
  const active: RecordedSpan[] = [];
  const start = (name: string, options: SpanOptions = {}): Span & { record: RecordedSpan } => {
    const parsed = options.parent?.traceparent?.match(/^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/);
    const parent = active.at(-1);
    ids += 1;
    const record: RecordedSpan = {
      name,
      traceId: parsed?.[1] ?? parent?.traceId ?? hex(ids, 32),
      spanId: hex(ids, 16),
      parentSpanId: parsed?.[2] ?? parent?.spanId,
      kind: options.kind,
      attributes: { ...options.attributes },
      errors: [],
      ended: false,
    };
    spans.push(record);
    return {
      record,
      traceId: record.traceId,
      spanId: record.spanId,
      // Parent-based sampling, as a real tracer: a continued trace keeps its flags.
      traceparent: `00-${record.traceId}-${record.spanId}-${parsed?.[3] ?? "01"}`,
      setAttribute: (k, v) => {
        record.attributes[k] = v;
      },
      setAttributes: (a) => {
        Object.assign(record.attributes, a);
      },
      recordError: (e) => {
        record.errors.push({ _tag: e._tag, message: e.message });
      },
      end: () => {
        record.ended = true;
      },
    };
  };
  return {
    spans,
    startSpan: start,
    withSpan: (name, options, fn) => {
      const span = start(name, options);
      active.push(span.record);
      const result = fn(span);
      active.pop();
      return result
        .map((v) => {
          span.end();
          return v;
        })
        .mapErr((e) => {
          span.recordError(e);
          span.end();
          return e;
        });
    },
    inject: () => {
      const top = active.at(-1);
      return top === undefined ? {} : { traceparent: `00-${top.traceId}-${top.spanId}-01` };
    },
    activeTraceId: () => active.at(-1)?.traceId,
  };
}
