import { err, internal, ok } from "@hexkit/core";
import type { LiveContext } from "../live-context.js";
import type { Outcome } from "./outcome.js";
import { isResult } from "./outcome.js";
import type { RoutePlan } from "./route-plan.js";

/**
 * The handler's answer as an outcome: an `Err` passes through; an `Ok`
 * value is checked against the response schema of the status to answer with
 * (unknown keys stripped, so no undeclared field reaches the client) and
 * serialised. Never throws.
 */
export function finish(plan: RoutePlan, ctx: LiveContext, value: unknown): Outcome {
  if (!isResult(value)) return err(internal(`Handler of ${plan.spanName} did not answer a Result`));
  return value.isErr() ? err(value.error) : serialise(plan, ctx.status, value.value);
}

function serialise(plan: RoutePlan, status: number, value: unknown): Outcome {
  const responses = plan.route.responses;
  const schema = responses[status as keyof typeof responses];
  if (schema === null || schema === undefined) return ok({ status, json: undefined });
  let data = value;
  if (plan.validateResponses) {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      return err(internal(`Answer of ${plan.spanName} does not match its ${status} schema`, parsed.error.issues));
    }
    data = parsed.data;
  }
  try {
    return ok({ status, json: JSON.stringify(data) });
  } catch (thrown) {
    // A BigInt or a cycle that the schema let through.
    return err(internal(`Answer of ${plan.spanName} cannot be serialised as JSON`, thrown));
  }
}
