import { err, internal } from "@hexkit/core";
import type { FastifyRequest } from "fastify";
import type { LiveContext } from "../live-context.js";
import { validateInput } from "../validate.js";
import { finish } from "./answer.js";
import { type Outcome, type Step, awaiting, isThenable } from "./outcome.js";
import { type RoutePlan, rejected } from "./route-plan.js";

/**
 * The last stages: validate the input, call the handler (a throw is a bug,
 * answered 500), and check its answer. A plain `Result` is finished now,
 * without any promise step; a promise is left in `ctx.answer` for whoever
 * subscribes to it where that costs least (see `settled` and `follow`).
 */
export function invoke(plan: RoutePlan, request: FastifyRequest, ctx: LiveContext): Step {
  const route = plan.route;
  const input = validateInput(route.schema, request);
  if (input.isErr()) return err(input.error);
  let answer: unknown;
  try {
    answer = route.handler(input.value, ctx);
  } catch (thrown) {
    return err(internal(`Handler of ${plan.spanName} threw`, thrown));
  }
  if (!isThenable(answer)) return finish(plan, ctx, answer);
  ctx.answer = answer;
  return awaiting;
}

/** A step as something a `then` callback may return: the pending answer gets its `then` here. */
export function settled(plan: RoutePlan, ctx: LiveContext, step: Step): Outcome | PromiseLike<Outcome> {
  if (step !== awaiting) return step;
  const answer = ctx.answer as PromiseLike<unknown>;
  ctx.answer = undefined;
  return answer.then(
    (value) => finish(plan, ctx, value),
    (thrown: unknown) => rejected(plan, thrown),
  );
}
