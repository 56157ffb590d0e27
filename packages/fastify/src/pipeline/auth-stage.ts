import { err, internal } from "@hexkit/core";
import type { FastifyRequest } from "fastify";
import { authorize } from "../auth/authorize.js";
import type { LiveContext } from "../live-context.js";
import { settled } from "./invoke.js";
import { limited } from "./limit-stage.js";
import type { Step } from "./outcome.js";
import type { RoutePlan } from "./route-plan.js";

/**
 * The authentication and authorisation stage. A public route (`auth:
 * "none"`) goes straight on, synchronously. Otherwise the app's
 * authenticator names the caller (401 when it cannot), the route's rules
 * check scopes and tenant (403), and a principal's tenant joins the request's
 * context for the stages after this one.
 */
export function authenticated(plan: RoutePlan, request: FastifyRequest, ctx: LiveContext): Step {
  const auth = plan.route.auth;
  if (auth === "none") return limited(plan, request, ctx);
  const { authenticator, context: store } = plan.rt;
  if (authenticator === undefined) {
    return err(internal(`Route ${plan.spanName} needs auth but the app has no authenticator`));
  }
  return Promise.resolve(authenticator.authenticate(request.headers)).then((who) => {
    if (who.isErr()) return err(who.error);
    const allowed = authorize(auth, who.value, request.params);
    if (allowed.isErr()) return err(allowed.error);
    ctx.principal = allowed.value;
    const tenantId = allowed.value.tenantId;
    if (store !== undefined && tenantId !== undefined) {
      return store.run({ tenantId }, () => settled(plan, ctx, limited(plan, request, ctx)));
    }
    return settled(plan, ctx, limited(plan, request, ctx));
  });
}
