import type { ResultAsync } from "../result.js";
import type { Carrier } from "./carrier.js";
import type { ContextStore } from "./context.port.js";

export type { Carrier } from "./carrier.js";

/**
 * Tracing, as a port: spans with attributes, a status derived from Results,
 * and W3C trace context carried across process boundaries in a string map
 * (HTTP headers, job data). The adapter keeps the "active span" for the
 * current async flow; core never sees how.
 */
export type AttributeValue = string | number | boolean;
export type Attributes = Readonly<Record<string, AttributeValue>>;

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
  /**
   * The span's W3C traceparent (`00-<traceId>-<spanId>-<flags>`, flags `01`
   * when sampled, `00` when not), when the adapter knows it: what `inject()`
   * writes while the span is active. For echoing a span that was never made
   * active (an answer outside any handler) without claiming it was sampled.
   */
  readonly traceparent?: string;
  setAttribute(key: string, value: AttributeValue): void;
  setAttributes(attributes: Attributes): void;
  /** Marks the span failed and records the error's tag and message (never an Internal cause). */
  recordError(error: { readonly _tag: string; readonly message: string }): void;
  /** Ends the span; calling it again does nothing. */
  end(): void;
}

/** A span started to be made active by the caller's own `ContextStore.run` (see `Tracer.startSpanIn`). */
export interface SpanInStore {
  /** The started span. The caller ends it, and records an `Err` outcome on it, itself. */
  readonly span: Span;
  /**
   * The context entries that make `span` the active span: inside
   * `store.run(values, fn)` (these entries merged with any of the caller's
   * own), everything `fn` starts, also after awaits, sees `span` as active:
   * `activeTraceId()` is its trace id, `startSpan` makes its children,
   * `inject()` writes its `traceparent`. Holds at least `traceparent` (the
   * span's W3C traceparent, as `inject()` inside the run writes it) and
   * `traceId` (`contextKeys.traceId`, the span's trace id); `tracestate` too
   * when the span has one. So the store's own `inject()` carries the span to
   * a job, and log lines inside the run carry its trace id.
   *
   * A new object on every call, and the caller's: it may add its own
   * entries (a correlation id) and pass it to `run` as it is, instead of
   * copying it into one more object per request.
   */
  readonly values: Record<string, string>;
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
  /**
   * Optional; present only on adapters that keep the active span in a
   * `ContextStore`. `withSpan` without the callback, for a caller that runs
   * `store.run` itself anyway (an HTTP adapter making its request context):
   * starts a span exactly as `startSpan(name, options)` does (a child of
   * `options.parent` when that carrier holds a valid traceparent, else of the
   * active span, else a new trace) and answers the entries that make it the
   * active span inside one `store.run` of the caller's, so no second run and
   * no promise per span are needed. The span is active only inside such a
   * run, never outside. The caller must `end()` the span, and `recordError`
   * the error of an `Err` outcome as `withSpan` does.
   *
   * Answers `undefined`, starting no span, when `store` is not the store
   * this tracer keeps its active span in (the caller then uses `withSpan`).
   * Never throws.
   */
  startSpanIn?(store: ContextStore, name: string, options?: SpanOptions): SpanInStore | undefined;
  /** Returns a carrier with the active trace context (empty when there is none). */
  inject(): Record<string, string>;
  /** The trace id of the active span, if any (for log lines). */
  activeTraceId(): string | undefined;
}
