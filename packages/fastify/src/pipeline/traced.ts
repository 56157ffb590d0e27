import { type AppError, type Result, ResultAsync, type Span, type SpanInStore, type SpanOptions, type Tracer } from "@hexkit/core";
import type { FastifyRequest } from "fastify";
import type { LiveContext } from "../live-context.js";
import { echoedTraceparent, traceCarrier } from "../observe.js";
import { deliver, follow } from "./deliver.js";
import { inContext } from "./in-context.js";
import { type Step, awaiting, isThenable } from "./outcome.js";
import { type RoutePlan, unhandled } from "./route-plan.js";

/** Where a tracer that shares the app's context store keeps the active span's traceparent (as in its carriers). */
const traceparentKey = "traceparent";

function spanOptionsFor(plan: RoutePlan, method: string): SpanOptions {
  let options = plan.spanOptions.get(method);
  if (options === undefined) {
    options = Object.freeze({ kind: "server", attributes: Object.freeze({ "http.request.method": method, "http.route": plan.route.path }) });
    plan.spanOptions.set(method, options);
  }
  return options;
}

/**
 * The span's `traceparent` as a tracer that keeps its active span in the
 * app's context store has just written it there (`00-<trace>-<span>-<flags>`);
 * undefined for a tracer that keeps it elsewhere, which is then asked.
 */
function activeTraceparent(plan: RoutePlan, span: Span): string | undefined {
  const written = plan.rt.context?.current()[traceparentKey];
  return written !== undefined && written.startsWith(span.spanId, 36) && written.startsWith(span.traceId, 3) ? written : undefined;
}

/**
 * With tracing on, the request's server span is active while the stages run
 * and ends right after the response, with its status (failed on an `Err`,
 * including a handler's 500 and the deadline's 504).
 *
 * When the tracer keeps its active span in the app's context store
 * (`startSpanIn` answers a span), the span joins the request's one
 * `store.run` (in-context) and `respond` ends it: no run, promise or
 * reaction of its own. Otherwise the stages run inside the span's `withSpan`
 * callback, whose Result settles once the answer is sent (at once for an
 * answer known now).
 */
export function traced(plan: RoutePlan, request: FastifyRequest, ctx: LiveContext, spans: Tracer): void {
  const parent = traceCarrier(request);
  const own = spanOptionsFor(plan, request.method);
  const options = parent === undefined ? own : { ...own, parent };
  const store = plan.rt.context;
  if (store !== undefined && spans.startSpanIn !== undefined) {
    let started: SpanInStore | undefined;
    try {
      started = spans.startSpanIn(store, plan.spanName, options);
    } catch (thrown) {
      // The port promises startSpanIn never throws; a tracer that does fails this request only.
      deliver(plan, ctx, unhandled(plan, thrown));
      return;
    }
    if (started !== undefined) {
      const { span, values } = started;
      ctx.span = span;
      ctx.endsSpan = true;
      ctx.traceId = span.traceId;
      ctx.traceparent = values.traceparent ?? echoedTraceparent(span);
      follow(plan, ctx, inContext(plan, request, ctx, values));
      return;
    }
  }
  withSpanAround(plan, request, ctx, spans, options);
}

/** The stages inside `withSpan`'s callback, for a tracer that cannot join the request's own store run. */
function withSpanAround(plan: RoutePlan, request: FastifyRequest, ctx: LiveContext, spans: Tracer, options: SpanOptions): void {
  let step: Step | undefined;
  let returned = false;
  try {
    void spans.withSpan(plan.spanName, options, (span) => {
      ctx.span = span;
      ctx.traceId = span.traceId;
      ctx.traceparent = activeTraceparent(plan, span) ?? spans.inject().traceparent ?? echoedTraceparent(span);
      const inner = inContext(plan, request, ctx);
      const later = inner === awaiting || isThenable(inner);
      const ended = later
        ? new ResultAsync(new Promise<Result<unknown, AppError>>((resolve) => { ctx.spanDone = resolve; }))
        : new ResultAsync(Promise.resolve(inner));
      // A tracer that calls back only after withSpan returned: follow from here.
      if (returned) follow(plan, ctx, inner);
      else step = inner;
      return ended;
    });
  } catch (thrown) {
    // The port promises withSpan never throws; a tracer that does fails this request only.
    deliver(plan, ctx, unhandled(plan, thrown));
  }
  returned = true;
  if (step !== undefined) follow(plan, ctx, step);
}
