import { type RateLimitPolicy, type RateLimiter, type SpanOptions, err, internal } from "@hexkit/core";
import type { LiveContext } from "../live-context.js";
import { rateLimitPolicyHeader } from "../rate-limit.js";
import type { HttpRoute } from "../route.js";
import type { Runtime } from "../runtime.js";
import type { Outcome } from "./outcome.js";

/** How one route is rate limited (worked out at mount time). */
export interface RouteLimit {
  readonly limiter: RateLimiter;
  readonly cost: number;
  readonly policy: RateLimitPolicy;
  readonly policyName: string;
  /** The `RateLimit-Policy` value, the same for every request. */
  readonly policyHeader: string;
  /** A route with a policy of its own counts apart from the app's shared budget. */
  readonly scoped: boolean;
}

/**
 * Everything about one route that does not change from request to request,
 * worked out once when the route is mounted, so that the hot path reads
 * fields instead of recomputing names, policies and headers.
 */
export interface RoutePlan {
  readonly route: HttpRoute;
  readonly rt: Runtime;
  /** `METHOD /template`: the span name and the subject of every error message. */
  readonly spanName: string;
  readonly timeoutMs: number;
  /** Undefined when the app has no limiter or the route is exempt. */
  readonly limit: RouteLimit | undefined;
  readonly validateResponses: boolean;
  /** The server span's options per method (HEAD comes in on GET routes), made on first use: the tracer copies them. */
  readonly spanOptions: Map<string, SpanOptions>;
  /** Called by the in-flight sweep once the deadline has passed (set by the route handler). */
  onDeadline: (ctx: LiveContext) => void;
}

/** Works out `route`'s plan. */
export function planRoute(route: HttpRoute, rt: Runtime): RoutePlan {
  const spanName = `${route.method} ${route.path}`;
  const settings = rt.settings.rateLimit;
  const override = route.rateLimit === false ? undefined : route.rateLimit;
  let limit: RouteLimit | undefined;
  if (rt.rateLimiter !== undefined && route.rateLimit !== false) {
    const policy = override?.policy ?? { points: settings.points, durationMs: settings.durationMs };
    const scoped = override?.policy !== undefined;
    const policyName = scoped ? `${settings.policyName}-route` : settings.policyName;
    limit = {
      limiter: rt.rateLimiter,
      cost: override?.cost ?? 1,
      policy,
      policyName,
      policyHeader: rateLimitPolicyHeader(policyName, policy),
      scoped,
    };
  }
  return {
    route,
    rt,
    spanName,
    timeoutMs: route.timeoutMs ?? rt.settings.requestTimeoutMs,
    limit,
    validateResponses: rt.settings.responseValidation.enabled,
    spanOptions: new Map(),
    onDeadline: () => undefined,
  };
}

/** The outcome of a handler whose promise rejected (a bug: the port says ResultAsync never rejects). */
export function rejected(plan: RoutePlan, thrown: unknown): Outcome {
  return err(internal(`Handler of ${plan.spanName} rejected`, thrown));
}

/** The outcome of an adapter that threw where it must not (a store, an authenticator, a tracer). */
export function unhandled(plan: RoutePlan, thrown: unknown): Outcome {
  return err(internal(`Unhandled exception in ${plan.spanName}`, thrown));
}
