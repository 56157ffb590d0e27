import { type AppError, type Result, ResultAsync, type Span, type SpanOptions, type Tracer } from "@hexkit/core";
import type { FastifyRequest } from "fastify";
import type { LiveContext } from "../live-context.js";
import { traceCarrier } from "../observe.js";
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
 * With tracing on, the stages run inside the server span's callback; the
 * span's Result settles once the answer is sent (at once for an answer
 * known now), so the span ends right after the response, with its status.
 */
export function traced(plan: RoutePlan, request: FastifyRequest, ctx: LiveContext, spans: Tracer): void {
  const parent = traceCarrier(request);
  const own = spanOptionsFor(plan, request.method);
  const options = parent === undefined ? own : { ...own, parent };
  let step: Step | undefined;
  let returned = false;
  try {
    void spans.withSpan(plan.spanName, options, (span) => {
      ctx.span = span;
      ctx.traceId = span.traceId;
      ctx.traceparent = activeTraceparent(plan, span) ?? spans.inject().traceparent ?? `00-${span.traceId}-${span.spanId}-01`;
      ctx.setHeader("traceparent", ctx.traceparent);
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
