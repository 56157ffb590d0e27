import { err, unavailable } from "@hexkit/core";
import type { FastifyRequest } from "fastify";
import type { LiveContext } from "../live-context.js";
import { rateLimitHeader, rateLimitKey } from "../rate-limit.js";
import { invoke, settled } from "./invoke.js";
import type { Step } from "./outcome.js";
import type { RoutePlan } from "./route-plan.js";

/**
 * The rate-limit stage, after authentication (so a principal can be the
 * key): spends the route's cost, sets `RateLimit`/`RateLimit-Policy`, and
 * answers 429 with `retryAfterMs` once the budget is spent. A failing
 * limiter allows the request (logged) or answers 503, as configured.
 */
export function limited(plan: RoutePlan, request: FastifyRequest, ctx: LiveContext): Step {
  const limit = plan.limit;
  if (limit === undefined) return invoke(plan, request, ctx);
  const settings = plan.rt.settings.rateLimit;
  const who = rateLimitKey(settings.key, ctx.principal?.subject, ctx.principal?.tenantId, request.ip);
  const key = limit.scoped ? `${who}|${plan.spanName}` : who;
  return Promise.resolve(limit.limiter.consume(key, { cost: limit.cost, policy: limit.policy })).then((decided) => {
    if (decided.isOk()) {
      ctx.setHeader("ratelimit-policy", limit.policyHeader);
      ctx.setHeader("ratelimit", rateLimitHeader(limit.policyName, decided.value));
      if (!decided.value.allowed) {
        return err({ _tag: "RateLimited", message: "Too many requests; retry later", retryAfterMs: decided.value.retryAfterMs });
      }
    } else if (settings.onLimiterError === "deny") {
      return err(unavailable("rate-limiter", decided.error));
    } else {
      ctx.logger.warn("rate limiter failed; request allowed", { err: decided.error });
    }
    return settled(plan, ctx, invoke(plan, request, ctx));
  });
}
