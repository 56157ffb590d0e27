import { type Carrier, type Result, type ResultAsync as ResultAsyncType, ResultAsync, type Span, type SpanOptions, type Tracer } from "@hexkit/core";
import {
  type Context,
  type ContextManager,
  type SpanOptions as ApiSpanOptions,
  type TextMapPropagator,
  type Tracer as ApiTracer,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  trace,
} from "@opentelemetry/api";
import { OtelSpan, apiSpanKind, recordErrorOn } from "./otel-span.js";
import type { StoreContextManager } from "./store-context-manager.js";

/** What the port's Tracer is built from: an SDK tracer, the context manager that holds the active span, and the propagator. */
export interface TracerParts {
  readonly tracer: ApiTracer;
  readonly contextManager: ContextManager | StoreContextManager;
  readonly propagator: TextMapPropagator;
}

/** What `withSpan` records when its callback throws or rejects instead of returning a Result. */
const thrown = { _tag: "Internal", message: "The traced operation threw instead of returning a Result" } as const;

/**
 * Implements the port on OpenTelemetry. Every context it reads or writes goes
 * through `contextManager` explicitly, never through OpenTelemetry's global
 * API, so two tracers in one process (tests) stay apart.
 */
export function portTracer({ tracer, contextManager, propagator }: TracerParts): Tracer {
  // The store's manager makes a span active without an OpenTelemetry context per span (see withStartedSpan).
  const storeManager = "withStartedSpan" in contextManager ? contextManager : undefined;
  const parentContext = (carrier: Carrier | undefined): Context => {
    const active = contextManager.active();
    // A carrier without a valid traceparent leaves `active` as it is, so a
    // request without trace headers continues whatever is active (usually
    // nothing: a new trace).
    return carrier === undefined ? active : propagator.extract(active, carrier, defaultTextMapGetter);
  };

  const start = (name: string, options: SpanOptions | undefined, parent: Context): OtelSpan => {
    // Built by assignment, not spreads: this runs once per span on the hot path.
    const apiOptions: ApiSpanOptions = {};
    if (options?.kind !== undefined) apiOptions.kind = apiSpanKind[options.kind];
    if (options?.attributes !== undefined) apiOptions.attributes = options.attributes;
    return new OtelSpan(tracer.startSpan(name, apiOptions, parent));
  };

  return {
    startSpan(name: string, options?: SpanOptions): Span {
      return start(name, options, parentContext(options?.parent));
    },

    withSpan<T, E extends { readonly _tag: string; readonly message: string }>(
      name: string,
      options: SpanOptions,
      fn: (span: Span) => ResultAsyncType<T, E>,
    ): ResultAsyncType<T, E> {
      const parent = parentContext(options.parent);
      const span = start(name, options, parent);
      let pending: ResultAsyncType<T, E>;
      try {
        pending =
          storeManager === undefined
            ? contextManager.with(trace.setSpan(parent, span.inner), fn, undefined, span)
            : storeManager.withStartedSpan(span.inner, parent, fn, span);
      } catch (cause) {
        // A callback that throws is a bug: the span says so, and the exception
        // goes on unchanged rather than being dressed up as an `E` it is not.
        recordErrorOn(span.inner, thrown);
        span.end();
        throw cause;
      }
      // ResultAsync.then is typed PromiseLike but returns a real Promise (its
      // inner promise's then); wrapping it in Promise.resolve would cost a tick per span.
      const settled = pending.then(
        (result) => {
          if (result.isErr()) span.recordError(result.error);
          span.end();
          return result;
        },
        (cause: unknown) => {
          recordErrorOn(span.inner, thrown);
          span.end();
          throw cause;
        },
      );
      return new ResultAsync(settled as Promise<Result<T, E>>);
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
