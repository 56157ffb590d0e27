import type { ContextStore } from "@hexkit/core";
import { type Context, type ContextManager, ROOT_CONTEXT, type Span, type SpanContext, isSpanContextValid, trace } from "@opentelemetry/api";
import { TraceState, parseTraceParent } from "@opentelemetry/core";
import type { MintedSpan } from "./traceparent-minter.js";

/** Keys of the ContextStore that hold the active span (the same keys its carriers use). */
const keys = { traceparent: "traceparent", tracestate: "tracestate", traceId: "traceId" } as const;

const flagsText = (flags: number): string => (flags === 1 ? "01" : flags === 0 ? "00" : (flags & 0xff).toString(16).padStart(2, "0"));
const formatTraceparent = (span: SpanContext): string => `00-${span.traceId}-${span.spanId}-${flagsText(span.traceFlags)}`;

/** A ContextManager on the app's ContextStore, with cheaper ways in for spans this process just started. */
export interface StoreContextManager extends ContextManager {
  /** The store the active span is kept in. */
  readonly store: ContextStore;
  /**
   * The store entries (`traceparent`, `tracestate` when there is one,
   * `traceId`; a new object, the caller's to extend) that make `span` (just
   * started by this tracer as a child of `parent`, its traceparent minted
   * with its ids) the active span inside a `store.run` with them, or
   * `undefined` for the invalid span (tracing suppressed), which cannot be
   * made active. Remembers `span`, so that `active()` inside that run
   * answers the span itself (no parsing, no OpenTelemetry context until
   * something asks), as in `withStartedSpan`.
   */
  valuesFor(span: MintedSpan, parent: Context): Record<string, string> | undefined;
  /**
   * Runs `fn(arg)` with `span` (just started by this tracer as a child of
   * `parent`) active: what `with(trace.setSpan(parent, span), …)` does,
   * without building the OpenTelemetry context unless something inside asks
   * for it, and without formatting the traceparent minted with its ids.
   */
  withStartedSpan<A, R>(span: MintedSpan, parent: Context, fn: (arg: A) => R, arg: A): R;
}

const invalidSpanId = "0000000000000000";

/**
 * An OpenTelemetry ContextManager that keeps the active span in the app's
 * ContextStore (as `traceparent`, `tracestate` and `traceId`) instead of an
 * AsyncLocalStorage of its own.
 *
 * Why: on Node 20 every enabled AsyncLocalStorage costs something on every
 * promise of the process (≈ 0.07 µs each, measured), and an HTTP request
 * makes a hundred or more. Sharing the store the app already runs for
 * correlation ids halves that. Side effects, both intended: log lines written
 * inside a span carry its `traceId`, and a job's carrier carries its span.
 *
 * Only the span travels: other OpenTelemetry context keys (baggage,
 * suppress-tracing) are not kept, so this manager is never installed as the
 * global one (`registerGlobal` uses AsyncLocalStorage).
 */
export function storeContextManager(store: ContextStore): StoreContextManager {
  // One request reads the same traceparent many times; parse it once.
  let lastParent: string | undefined;
  let lastState: string | undefined;
  let lastContext: Context | undefined = ROOT_CONTEXT;
  // When lastContext is undefined: the span and parent it is built from on first use.
  let lastSpan: Span | undefined;
  let lastSpanParent: Context = ROOT_CONTEXT;

  const active = (): Context => {
    const values = store.current();
    const traceparent = values[keys.traceparent];
    if (traceparent === undefined) return ROOT_CONTEXT;
    const tracestate = values[keys.tracestate];
    if (traceparent === lastParent && tracestate === lastState) {
      if (lastContext === undefined) lastContext = trace.setSpan(lastSpanParent, lastSpan as Span);
      return lastContext;
    }
    const parsed = parseTraceParent(traceparent);
    const context =
      parsed === null
        ? ROOT_CONTEXT
        : trace.setSpanContext(ROOT_CONTEXT, {
            ...parsed,
            // Written by this process, so a local parent, not a remote one.
            isRemote: false,
            ...(tracestate === undefined ? {} : { traceState: new TraceState(tracestate) }),
          });
    lastParent = traceparent;
    lastState = tracestate;
    lastContext = context;
    return context;
  };

  const remember = (traceparent: string, tracestate: string | undefined, context: Context | undefined): void => {
    lastParent = traceparent;
    lastState = tracestate;
    lastContext = context;
  };

  const stateOf = (span: SpanContext): string | undefined => {
    const serialized = span.traceState?.serialize();
    return serialized === undefined || serialized === "" ? undefined : serialized;
  };
  // Literal keys and no wrapper object: this runs once per span on the hot path.
  const valuesOf = (span: SpanContext, traceparent: string, tracestate: string | undefined): Record<string, string> =>
    tracestate === undefined ? { traceparent, traceId: span.traceId } : { traceparent, tracestate, traceId: span.traceId };

  const valuesFor = (span: MintedSpan, parent: Context): Record<string, string> | undefined => {
    const context = span.spanContext();
    // Tracing suppressed: the SDK answers a span with the invalid context, which cannot be made active.
    if (context.spanId === invalidSpanId) return undefined;
    const traceparent = span.traceparent;
    const tracestate = stateOf(context);
    // The next active() inside the run reads back these entries: answer it with the span itself.
    remember(traceparent, tracestate, undefined);
    lastSpan = span;
    lastSpanParent = parent;
    return valuesOf(context, traceparent, tracestate);
  };

  const manager: StoreContextManager = {
    store,
    active,
    valuesFor,
    withStartedSpan(span, parent, fn, arg) {
      const values = valuesFor(span, parent);
      return values === undefined ? fn(arg) : store.run(values, () => fn(arg));
    },
    with(context, fn, thisArg, ...args) {
      const span = trace.getSpanContext(context);
      // A context without a span cannot unset the store's span; run as is.
      if (span === undefined || !isSpanContextValid(span)) return fn.call(thisArg, ...args);
      const traceparent = formatTraceparent(span);
      const tracestate = stateOf(span);
      // The next active() inside fn reads back what was just written: answer
      // it with the context itself (the real span) instead of parsing.
      remember(traceparent, tracestate, context);
      return store.run(valuesOf(span, traceparent, tracestate), () => fn.call(thisArg, ...args));
    },
    bind<T>(context: Context, target: T): T {
      if (typeof target !== "function") return target;
      const fn = target as (...args: unknown[]) => unknown;
      return function (this: unknown, ...args: unknown[]) {
        return manager.with(context, () => fn.apply(this, args));
      } as T;
    },
    enable: () => manager,
    disable: () => manager,
  };
  return manager;
}
