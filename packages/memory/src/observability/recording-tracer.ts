import { AsyncLocalStorage } from "node:async_hooks";
import { randomFillSync } from "node:crypto";
import {
  type AttributeValue,
  type Attributes,
  type Carrier,
  type ContextStore,
  ResultAsync,
  type Span,
  type SpanInStore,
  type SpanKind,
  type SpanOptions,
  type Tracer,
} from "@hexkit/core";

/** A finished span as the recording tracer keeps it. */
export interface RecordedSpan {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly kind: SpanKind;
  readonly attributes: Attributes;
  readonly status: "unset" | "ok" | "error";
  readonly error?: { readonly _tag: string; readonly message: string };
  /** Epoch ms. */
  readonly startTime: number;
  readonly endTime: number;
}

/** A Tracer that keeps finished spans in memory. */
export interface RecordingTracer extends Tracer {
  /** Every ended span, in the order they ended. */
  finishedSpans(): readonly RecordedSpan[];
  /** Forgets every finished span. */
  clear(): void;
}

/** Options for `createRecordingTracer`. */
export interface RecordingTracerOptions {
  /** Epoch ms for span times. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * Keep the active span in this ContextStore (`traceparent`, `tracestate`,
   * `traceId`, as `@hexkit/otel` does when given the app's store) instead of
   * an AsyncLocalStorage of the tracer's own. Only then does the tracer have
   * `startSpanIn` (for this store), so tests of code that uses it can run
   * against this tracer.
   */
  readonly context?: ContextStore;
}

interface SpanContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly tracestate?: string;
}

/** The port's Span, with the context that makes it active. */
type RecordingSpan = Span & { readonly context: SpanContext };

const traceparentPattern = /^00-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/;
const zeroTrace = "0".repeat(32);
const zeroSpan = "0".repeat(16);

function randomHex(bytes: number): string {
  return Buffer.from(randomFillSync(new Uint8Array(bytes))).toString("hex");
}

/** The span context a W3C carrier holds, or `undefined` when it holds none or a malformed one. */
export function parseTraceparent(carrier: Carrier): SpanContext | undefined {
  const match = traceparentPattern.exec(carrier.traceparent ?? "");
  const traceId = match?.[1];
  const spanId = match?.[2];
  if (traceId === undefined || spanId === undefined || traceId === zeroTrace || spanId === zeroSpan) return undefined;
  const tracestate = carrier.tracestate;
  return tracestate === undefined ? { traceId, spanId } : { traceId, spanId, tracestate };
}

/** Where the active span is kept: read it, and run a function with another one active. */
interface ActiveSpan {
  get(): SpanContext | undefined;
  run<T>(span: SpanContext, fn: () => T): T;
}

/** The W3C carrier of `span`: its `traceparent` (always sampled here), and its `tracestate` when it has one. */
function carrierOf(span: SpanContext): Record<string, string> {
  const traceparent = `00-${span.traceId}-${span.spanId}-01`;
  return span.tracestate === undefined ? { traceparent } : { traceparent, tracestate: span.tracestate };
}

/** The entries that make `span` the active span of a ContextStore: its carrier's keys, plus its trace id for log lines. */
function storeValuesOf(span: SpanContext): Record<string, string> {
  return { ...carrierOf(span), traceId: span.traceId };
}

/** The active span in the tracer's own AsyncLocalStorage. */
function ownStorage(): ActiveSpan {
  const storage = new AsyncLocalStorage<SpanContext>();
  return { get: () => storage.getStore(), run: (span, fn) => storage.run(span, fn) };
}

/** The active span in the app's ContextStore: whatever `traceparent` it holds (also one a job's carrier brought in). */
function inStore(store: ContextStore): ActiveSpan {
  return { get: () => parseTraceparent(store.current()), run: (span, fn) => store.run(storeValuesOf(span), fn) };
}

/**
 * A Tracer for tests: W3C ids (32/16 lowercase hex) from node:crypto, the
 * active span kept with the async flow by AsyncLocalStorage (its own, or the
 * app's ContextStore given as `context`), `traceparent` (and `tracestate`)
 * injected and continued, finished spans kept in memory. Implements the port
 * fully (`startSpanIn` only with `context`), so it passes the tracer
 * contract. Never throws.
 */
export function createRecordingTracer(options: RecordingTracerOptions = {}): RecordingTracer {
  const now = options.now ?? Date.now;
  const store = options.context;
  const active = store === undefined ? ownStorage() : inStore(store);
  const spans: RecordedSpan[] = [];

  const startSpan = (name: string, spanOptions: SpanOptions = {}): RecordingSpan => {
    const parent = spanOptions.parent === undefined ? active.get() : parseTraceparent(spanOptions.parent);
    const traceId = parent?.traceId ?? randomHex(16);
    const spanId = randomHex(8);
    const attributes: Record<string, AttributeValue> = { ...spanOptions.attributes };
    const startTime = now();
    let error: { _tag: string; message: string } | undefined;
    let ended = false;
    const context: SpanContext =
      parent?.tracestate === undefined ? { traceId, spanId } : { traceId, spanId, tracestate: parent.tracestate };
    const span: RecordingSpan = {
      traceId,
      spanId,
      context,
      setAttribute(key, value) {
        if (!ended) attributes[key] = value;
      },
      setAttributes(more) {
        if (!ended) Object.assign(attributes, more);
      },
      recordError(e) {
        if (!ended) error = { _tag: e._tag, message: e.message };
      },
      end() {
        if (ended) return;
        ended = true;
        const base = {
          name,
          traceId,
          spanId,
          kind: spanOptions.kind ?? "internal",
          attributes: { ...attributes },
          status: error === undefined ? ("unset" as const) : ("error" as const),
          startTime,
          endTime: now(),
        };
        const withParent = parent === undefined ? base : { ...base, parentSpanId: parent.spanId };
        spans.push(error === undefined ? withParent : { ...withParent, error });
      },
    };
    return span;
  };

  // Only a tracer that keeps its active span in a store can make it active in that store's run.
  const startSpanIn =
    store === undefined
      ? undefined
      : (into: ContextStore, name: string, spanOptions?: SpanOptions): SpanInStore | undefined => {
          if (into !== store) return undefined;
          const span = startSpan(name, spanOptions);
          return { span, values: storeValuesOf(span.context) };
        };

  return {
    startSpan,
    ...(startSpanIn === undefined ? {} : { startSpanIn }),
    withSpan(name, spanOptions, fn) {
      const span = startSpan(name, spanOptions);
      const run = async (): Promise<Awaited<ReturnType<typeof fn>>> => {
        try {
          const result = await active.run(span.context, () => fn(span));
          if (result.isErr()) span.recordError(result.error);
          return result;
        } catch (cause) {
          span.recordError({ _tag: "Internal", message: cause instanceof Error ? cause.message : String(cause) });
          throw cause;
        } finally {
          span.end();
        }
      };
      return new ResultAsync(run());
    },
    inject() {
      const current = active.get();
      return current === undefined ? {} : carrierOf(current);
    },
    activeTraceId: () => active.get()?.traceId,
    finishedSpans: () => spans,
    clear() {
      spans.length = 0;
    },
  };
}
