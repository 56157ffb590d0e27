import { type Attributes, ResultAsync, type Span, type SpanOptions, type Tracer } from "@hexkit/core";
import { Effect } from "effect";
import { defectToInternal, exitToResult } from "../conversions/exit-to-result.js";
import { PortService } from "../port-service.js";
import { runInside } from "../run-inside.js";

/** What a span can record as its error: a hexkit error, or any tagged error with a message. */
export interface SpanError {
  readonly _tag: string;
  readonly message: string;
}

/** The `Tracer` port as Effect values. */
export interface TracerServiceShape {
  /** Starts a span (child of `options.parent`, else of the active span); the caller must `end()` it. */
  startSpan(name: string, options?: SpanOptions): Effect.Effect<Span>;
  /**
   * Runs `f(span)` with a new span active for everything it starts (adapters
   * called inside see it), ends the span when the Effect ends, and marks it
   * failed on a typed failure (its tag and message) or a defect (`Internal`,
   * without the cause). The Effect's own outcome is passed through unchanged.
   */
  withSpan<A, E extends SpanError, R>(
    name: string,
    options: SpanOptions,
    f: (span: Span) => Effect.Effect<A, E, R>,
  ): Effect.Effect<A, E, R>;
  /** A carrier with the active trace context (empty when there is none). */
  readonly inject: Effect.Effect<Record<string, string>>;
  /** The trace id of the active span, if any. */
  readonly activeTraceId: Effect.Effect<string | undefined>;
}

/** The service over any `Tracer` adapter (OpenTelemetry, the recording tracer). */
export function makeTracerService(tracer: Tracer): TracerServiceShape {
  return {
    startSpan: (name, options) => Effect.sync(() => (options === undefined ? tracer.startSpan(name) : tracer.startSpan(name, options))),
    withSpan: <A, E extends SpanError, R>(name: string, options: SpanOptions, f: (span: Span) => Effect.Effect<A, E, R>) =>
      runInside<Span, A, E, R>(
        (start) =>
          tracer.withSpan(name, options, (span) => new ResultAsync(start(span).then((exit) => exitToResult(exit, defectToInternal)))),
        f,
      ),
    inject: Effect.sync(() => tracer.inject()),
    activeTraceId: Effect.sync(() => tracer.activeTraceId()),
  };
}

/** The `Tracer` port as an Effect service (`@hexkit/Tracer`). */
export class TracerService extends PortService<TracerService, Tracer, TracerServiceShape>()("@hexkit/Tracer", makeTracerService) {}

/** Sets attributes on a span, as an Effect (for use inside `withSpan`). */
export const setSpanAttributes = (span: Span, attributes: Attributes): Effect.Effect<void> =>
  Effect.sync(() => {
    span.setAttributes(attributes);
  });
