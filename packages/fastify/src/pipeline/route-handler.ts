import { err, timeout, unavailable } from "@hexkit/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import { LiveContext } from "../live-context.js";
import type { ObservedRequest } from "../observe.js";
import type { HttpRoute } from "../route.js";
import type { Runtime } from "../runtime.js";
import { sendAppError } from "../send.js";
import { deliver, follow } from "./deliver.js";
import { inContext } from "./in-context.js";
import { planRoute } from "./route-plan.js";
import { traced } from "./traced.js";

/**
 * The request pipeline of one route, in stages (each in its own file):
 * authenticate → authorise (auth-stage) → rate-limit (limit-stage) →
 * validate → execute → check the answer against its schema (invoke,
 * answer) → respond (deliver), with a deadline enforced by the app's
 * in-flight sweep. Each stage returns a `Result`; the first `Err` becomes
 * the problem answer. The stages run inside the request's span and context
 * when those are on (traced, in-context).
 *
 * Hot path: plain code over `Result` values, not `ResultAsync` chains,
 * because a neverthrow `map` costs microseconds per step; and as few promise
 * steps as possible, because each one costs more once an AsyncLocalStorage
 * is active. A handler that answers a plain `Result` is served without any;
 * one that answers a `ResultAsync` costs one `then` on it, subscribed to
 * outside the request's context, so the answer is sent (and the access line
 * written) without looking the context up. What does not change between
 * requests is worked out once, when the route is mounted (route-plan).
 */
export function routeHandler(route: HttpRoute, rt: Runtime): (request: FastifyRequest, reply: FastifyReply) => void {
  const plan = planRoute(route, rt);
  const { timeoutMs, spanName } = plan;
  const tracer = rt.tracer;
  // Called by the in-flight sweep once the deadline has passed: answer 504 now, abort the handler's signal.
  plan.onDeadline = (ctx: LiveContext): void => {
    const error = timeout(timeoutMs, spanName);
    ctx.abort(error);
    deliver(plan, ctx, err(error));
  };

  return function handle(request, reply) {
    (request as unknown as ObservedRequest).hexkitRoute = route.path;
    const ctx = new LiveContext(rt.logger, request, reply, route.path, rt.clock.now() + timeoutMs, route.status, route.responses, plan.onDeadline);
    if (rt.closing) {
      void reply.header("connection", "close");
      sendAppError(rt, request, reply, unavailable("server", undefined, "The server is shutting down"));
      return;
    }
    rt.inFlight.add(ctx);
    if (tracer === undefined) follow(plan, ctx, inContext(plan, request, ctx));
    else traced(plan, request, ctx, tracer);
  };
}
