import { AsyncLocalStorage } from "node:async_hooks";
import { randomFillSync } from "node:crypto";
import {
  type AttributeValue,
  type Attributes,
  type Carrier,
  ResultAsync,
  type Span,
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
}

interface SpanContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly tracestate?: string;
}

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

/**
 * A Tracer for tests: W3C ids (32/16 lowercase hex) from node:crypto, the
 * active span kept with the async flow by AsyncLocalStorage, `traceparent`
 * (and `tracestate`) injected and continued, finished spans kept in memory.
 * Implements the port fully, so it passes the tracer contract. Never throws.
 */
export function createRecordingTracer(options: RecordingTracerOptions = {}): RecordingTracer {
  const now = options.now ?? Date.now;
  const active = new AsyncLocalStorage<SpanContext>();
  const spans: RecordedSpan[] = [];

  const startSpan = (name: string, spanOptions: SpanOptions = {}): Span => {
    const parent = spanOptions.parent === undefined ? active.getStore() : parseTraceparent(spanOptions.parent);
    const traceId = parent?.traceId ?? randomHex(16);
    const spanId = randomHex(8);
    const attributes: Record<string, AttributeValue> = { ...spanOptions.attributes };
    const startTime = now();
    let error: { _tag: string; message: string } | undefined;
    let ended = false;
    const context: SpanContext =
      parent?.tracestate === undefined ? { traceId, spanId } : { traceId, spanId, tracestate: parent.tracestate };
    const span: Span & { readonly context: SpanContext } = {
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

  return {
    startSpan,
    withSpan(name, spanOptions, fn) {
      const span = startSpan(name, spanOptions) as Span & { readonly context: SpanContext };
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
      const current = active.getStore();
      if (current === undefined) return {};
      const carrier: Record<string, string> = { traceparent: `00-${current.traceId}-${current.spanId}-01` };
      if (current.tracestate !== undefined) carrier.tracestate = current.tracestate;
      return carrier;
    },
    activeTraceId: () => active.getStore()?.traceId,
    finishedSpans: () => spans,
    clear() {
      spans.length = 0;
    },
  };
}
