import { type Forbidden, type Result, forbidden, ok, err } from "@hexkit/core";
import type { RouteAuth } from "../route.js";
import type { Principal } from "./principal.js";

/**
 * Per-route authorisation: every required scope must be granted, and the
 * tenant rule of the route must hold. Pure; runs after authentication.
 */
export function authorize(auth: Exclude<RouteAuth, "none">, principal: Principal, params: unknown): Result<Principal, Forbidden> {
  const missing = auth.scopes?.filter((scope) => !principal.scopes.includes(scope)) ?? [];
  if (missing.length > 0) return err(forbidden(`Missing scope: ${missing.join(", ")}`));
  const tenant = auth.tenant;
  if (tenant === undefined) return ok(principal);
  if (principal.tenantId === undefined) return err(forbidden("This route needs a tenant-scoped principal"));
  if (tenant === "required") return ok(principal);
  const value = typeof params === "object" && params !== null ? (params as Record<string, unknown>)[tenant.param] : undefined;
  return value === principal.tenantId ? ok(principal) : err(forbidden("The principal does not belong to this tenant"));
}
