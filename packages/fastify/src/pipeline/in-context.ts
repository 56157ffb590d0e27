import type { FastifyRequest } from "fastify";
import type { LiveContext } from "../live-context.js";
import { authenticated } from "./auth-stage.js";
import type { Step } from "./outcome.js";
import { type RoutePlan, unhandled } from "./route-plan.js";

/**
 * Runs the stages inside the request's context (correlation id, and the
 * trace when tracing is on) when the app has a context store; never throws.
 * Only the stages run inside it: the answer is sent by the caller, outside,
 * so that sending (and the access line) never looks the context up.
 * `spanValues` are the entries that make the request's span active (from
 * the tracer's `startSpanIn`): they join this one run, so the span needs no
 * run of its own.
 */
export function inContext(plan: RoutePlan, request: FastifyRequest, ctx: LiveContext, spanValues?: Record<string, string>): Step {
  const store = plan.rt.context;
  try {
    if (store === undefined) return authenticated(plan, request, ctx);
    // traceparent rides along so that a job enqueued here (context.inject()) continues this trace.
    let values: Record<string, string>;
    if (spanValues !== undefined) {
      // The span's entries are a new object, ours to extend (see SpanInStore.values): no copy of them per request.
      spanValues.correlationId = ctx.correlationId;
      values = spanValues;
    } else {
      values =
        ctx.traceId === undefined || ctx.traceparent === undefined
          ? { correlationId: ctx.correlationId }
          : { correlationId: ctx.correlationId, traceId: ctx.traceId, traceparent: ctx.traceparent };
    }
    return store.run(values, () => authenticated(plan, request, ctx));
  } catch (thrown) {
    // Only a bug in an adapter (a store or an authenticator that throws) gets here.
    return unhandled(plan, thrown);
  }
}
