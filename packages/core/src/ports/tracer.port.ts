import type { ResultAsync } from "../result.js";

/**
 * Tracing, as a port: spans with attributes, a status derived from Results,
 * and W3C trace context carried across process boundaries in a string map
 * (HTTP headers, job data). The adapter keeps the "active span" for the
 * current async flow; core never sees how.
 */
export type AttributeValue = string | number | boolean;
export type Attributes = Readonly<Record<string, AttributeValue>>;

/** A string map that carries trace (and correlation) context: `traceparent`, `tracestate`, … */
export type Carrier = Readonly<Record<string, string>>;

export type SpanKind = "internal" | "server" | "client" | "producer" | "consumer";

export interface SpanOptions {
  readonly kind?: SpanKind;
  readonly attributes?: Attributes;
  /**
   * Continue the trace found in this carrier instead of the active span
   * (e.g. the headers of an incoming request, the carrier of a job).
   */
  readonly parent?: Carrier;
}

export interface Span {
  /** 32 lowercase hex characters. */
  readonly traceId: string;
  /** 16 lowercase hex characters. */
  readonly spanId: string;
  setAttribute(key: string, value: AttributeValue): void;
  setAttributes(attributes: Attributes): void;
  /** Marks the span failed and records the error's tag and message (never an Internal cause). */
  recordError(error: { readonly _tag: string; readonly message: string }): void;
  /** Ends the span; calling it again does nothing. */
  end(): void;
}

export interface Tracer {
  /**
   * Starts a span as a child of `options.parent` when given, else of the
   * active span, else as a new trace. The caller must `end()` it.
   */
  startSpan(name: string, options?: SpanOptions): Span;
  /**
   * Runs `fn` with a new span active for everything it starts, ends the span
   * when the Result settles, and marks it failed on `Err`. Never throws.
   */
  withSpan<T, E extends { readonly _tag: string; readonly message: string }>(
    name: string,
    options: SpanOptions,
    fn: (span: Span) => ResultAsync<T, E>,
  ): ResultAsync<T, E>;
  /** Returns a carrier with the active trace context (empty when there is none). */
  inject(): Record<string, string>;
  /** The trace id of the active span, if any (for log lines). */
  activeTraceId(): string | undefined;
}
