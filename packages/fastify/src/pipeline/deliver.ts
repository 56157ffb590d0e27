import { type Span, internal } from "@hexkit/core";
import { statusOf } from "../errors/status.js";
import type { LiveContext } from "../live-context.js";
import { sendAppError, sendJson } from "../send.js";
import { finish } from "./answer.js";
import { type Outcome, type Step, awaiting, isThenable } from "./outcome.js";
import { type RoutePlan, rejected, unhandled } from "./route-plan.js";

/**
 * Sending the answer. Nothing goes back to Fastify: the answer is sent here,
 * now or later (Fastify lets a handler that returns `undefined` send later),
 * because a returned promise would cost Fastify a `then` of its own.
 */

/** Sends the outcome of `step` now, or subscribes to it (outside any context when called from the route handler). */
export function follow(plan: RoutePlan, ctx: LiveContext, step: Step): void {
  if (step === awaiting) {
    const answer = ctx.answer as PromiseLike<unknown>;
    ctx.answer = undefined;
    try {
      // A ResultAsync is a thenable: subscribing to it directly saves a Promise.resolve adoption.
      void answer.then(
        (value) => {
          deliver(plan, ctx, finish(plan, ctx, value));
        },
        (thrown: unknown) => {
          deliver(plan, ctx, rejected(plan, thrown));
        },
      );
    } catch (thrown) {
      deliver(plan, ctx, rejected(plan, thrown));
    }
  } else if (isThenable<Outcome>(step)) {
    void step.then(
      (outcome) => {
        deliver(plan, ctx, outcome);
      },
      // Only a bug in an adapter (a ResultAsync that rejects, a store that throws) gets here.
      (thrown: unknown) => {
        deliver(plan, ctx, unhandled(plan, thrown));
      },
    );
  } else {
    deliver(plan, ctx, step);
  }
}

/** Sends the answer; never throws (it runs in promise callbacks, where a throw would be an unhandled rejection). */
export function deliver(plan: RoutePlan, ctx: LiveContext, outcome: Outcome): void {
  try {
    respond(plan, ctx, outcome);
  } catch (thrown) {
    try {
      if (ctx.reply.sent) ctx.logger.error(`bug: answering ${plan.spanName} failed`, { err: thrown });
      else sendAppError(plan.rt, ctx.raw, ctx.reply, internal(`Answering ${plan.spanName} failed`, thrown));
    } catch {
      // Neither the reply nor the logger works; nothing is left to tell.
    }
  }
}

function respond(plan: RoutePlan, ctx: LiveContext, outcome: Outcome): void {
  // The deadline sweep may have answered already; the handler's late outcome is dropped.
  if (ctx.answered) return;
  ctx.answered = true;
  plan.rt.inFlight.delete(ctx);
  const span = ctx.span;
  if (span === undefined) {
    send(plan, ctx, outcome);
    return;
  }
  span.setAttribute("http.response.status_code", outcome.isOk() ? outcome.value.status : statusOf[outcome.error._tag]);
  if (!ctx.endsSpan) {
    const spanDone = ctx.spanDone;
    ctx.spanDone = undefined;
    spanDone?.(outcome);
    send(plan, ctx, outcome);
    return;
  }
  // The span the pipeline started ends once the answer is written, as withSpan's would, also when writing fails.
  try {
    send(plan, ctx, outcome);
  } finally {
    endSpan(span, outcome);
  }
}

/** Ends the request's span with the outcome's status, as `withSpan` does: failed on `Err`. A tracer that throws here loses the span, never the answer. */
function endSpan(span: Span, outcome: Outcome): void {
  try {
    if (outcome.isErr()) span.recordError(outcome.error);
    span.end();
  } catch {
    // As when withSpan ends its span: a tracer that throws loses that span, and the request is unaffected.
  }
}

function send(plan: RoutePlan, ctx: LiveContext, outcome: Outcome): void {
  const rt = plan.rt;
  const { raw: request, reply } = ctx;
  // Shutdown may have begun while the handler ran.
  if (rt.closing) void reply.header("connection", "close");
  // Set here, not among the handler's headers: one header call instead of a headers object per request.
  if (ctx.traceparent !== undefined && rt.settings.tracing.answerTraceparent) void reply.header("traceparent", ctx.traceparent);
  if (outcome.isErr()) {
    sendAppError(rt, request, reply, outcome.error, ctx.headers);
    return;
  }
  if (ctx.headers !== undefined) void reply.headers(ctx.headers);
  sendJson(rt, reply, outcome.value.status, outcome.value.json);
}
