import {
  type Carrier,
  type ContextStore,
  type Result,
  type ResultAsync,
  type Span,
  type SpanInStore,
  type SpanOptions,
  type Tracer,
} from "@hexkit/core";
import {
  type Context,
  type ContextManager,
  SpanKind as ApiSpanKind,
  type TextMapPropagator,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  trace,
} from "@opentelemetry/api";
import { apiSpanKind, recordErrorOn } from "./record-error.js";
import { RecordedSpan } from "./recorded-span.js";
import type { SpanStarter } from "./span-starter.js";
import type { StoreContextManager } from "./store-context-manager.js";
import type { UnsampledSpan } from "./unsampled-span.js";

/** What the port's Tracer is built from: how spans start, the context manager that holds the active span, and the propagator. */
export interface TracerParts {
  readonly start: SpanStarter;
  readonly contextManager: ContextManager | StoreContextManager;
  readonly propagator: TextMapPropagator;
}

/** What `withSpan` records when its callback throws or rejects instead of returning a Result. */
const thrown = { _tag: "Internal", message: "The traced operation threw instead of returning a Result" } as const;

type PortSpan = RecordedSpan | UnsampledSpan;

/** Ends `span` with the outcome of its `withSpan` callback; never throws (it runs as a promise reaction nobody awaits). */
function settle(span: PortSpan, result: Result<unknown, { readonly _tag: string; readonly message: string }>): void {
  try {
    if (result.isErr()) span.recordError(result.error);
    span.end();
  } catch {
    // A span processor that throws loses this span; the traced operation's Result is unaffected.
  }
}

function fail(span: PortSpan): void {
  try {
    recordErrorOn(span, thrown);
    span.end();
  } catch {
    // As in settle.
  }
}

/**
 * Implements the port on OpenTelemetry. Every context it reads or writes goes
 * through `contextManager` explicitly, never through OpenTelemetry's global
 * API, so two tracers in one process (tests) stay apart.
 */
export function portTracer({ start, contextManager, propagator }: TracerParts): Tracer {
  // The store's manager makes a span active without an OpenTelemetry context per span (see withStartedSpan).
  const storeManager = "withStartedSpan" in contextManager ? contextManager : undefined;
  const parentContext = (carrier: Carrier | undefined): Context => {
    const active = contextManager.active();
    // A carrier without a valid traceparent leaves `active` as it is, so a
    // request without trace headers continues whatever is active (usually
    // nothing: a new trace).
    return carrier === undefined ? active : propagator.extract(active, carrier, defaultTextMapGetter);
  };
  const startIn = (name: string, options: SpanOptions | undefined, parent: Context): PortSpan =>
    start(name, options?.kind === undefined ? ApiSpanKind.INTERNAL : apiSpanKind[options.kind], options?.attributes, parent);

  // Only a tracer that keeps its active span in the app's store can make a span active in that store's run.
  const startSpanIn =
    storeManager === undefined
      ? undefined
      : (store: ContextStore, name: string, options?: SpanOptions): SpanInStore | undefined => {
          if (store !== storeManager.store) return undefined;
          const parent = parentContext(options?.parent);
          const span = startIn(name, options, parent);
          const values = storeManager.valuesFor(span, parent);
          // Only the suppressed span (which records nothing) has no entries; the caller falls back to withSpan.
          return values === undefined ? undefined : { span, values };
        };

  return {
    startSpan(name: string, options?: SpanOptions): Span {
      return startIn(name, options, parentContext(options?.parent));
    },

    ...(startSpanIn === undefined ? {} : { startSpanIn }),

    withSpan<T, E extends { readonly _tag: string; readonly message: string }>(
      name: string,
      options: SpanOptions,
      fn: (span: Span) => ResultAsync<T, E>,
    ): ResultAsync<T, E> {
      const parent = parentContext(options.parent);
      const span = startIn(name, options, parent);
      let pending: ResultAsync<T, E>;
      try {
        pending =
          storeManager === undefined
            ? contextManager.with(trace.setSpan(parent, span), fn, undefined, span)
            : storeManager.withStartedSpan(span, parent, fn, span);
      } catch (cause) {
        // A callback that throws is a bug: the span says so, and the exception
        // goes on unchanged rather than being dressed up as an `E` it is not.
        fail(span);
        throw cause;
      }
      // The callback's own ResultAsync goes back to the caller, unchanged: the
      // span ends in a reaction subscribed to it first, so it has ended before
      // any continuation of the caller runs, and the caller's chain is not one
      // promise step longer per span. That reaction's own promise never rejects.
      // An unsampled span records nothing and ends as nothing: no reaction.
      if (span instanceof RecordedSpan) void pending.then(
        (result) => {
          settle(span, result);
        },
        () => {
          fail(span);
        },
      );
      return pending;
    },

    inject(): Record<string, string> {
      const carrier: Record<string, string> = {};
      propagator.inject(contextManager.active(), carrier, defaultTextMapSetter);
      return carrier;
    },

    activeTraceId(): string | undefined {
      const context = trace.getSpanContext(contextManager.active());
      return context !== undefined && isSpanContextValid(context) ? context.traceId : undefined;
    },
  };
}
