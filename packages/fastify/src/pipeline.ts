import {
  type AppError,
  type Carrier,
  type Result,
  ResultAsync,
  err,
  internal,
  ok,
  timeout,
  unavailable,
} from "@hexkit/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import { authorize } from "./auth/authorize.js";
import { statusOf } from "./errors/status.js";
import { LiveContext } from "./live-context.js";
import { rateLimitHeader, rateLimitKey, rateLimitPolicyHeader } from "./rate-limit.js";
import type { HttpRoute } from "./route.js";
import type { Runtime } from "./runtime.js";
import { sendAppError } from "./send.js";
import { validateInput } from "./validate.js";

/**
 * The request pipeline of one route, in stages:
 * authenticate → authorise → rate-limit → validate → execute (with a
 * deadline) → check the answer against its schema → respond. Each stage
 * returns a `Result`; the first `Err` becomes the problem answer. The whole
 * run sits inside the request's span and context when those are on.
 *
 * Hot path: plain `async` code over `Result` values, not `ResultAsync`
 * chains, because a neverthrow `map` costs microseconds per step.
 */
interface Success {
  readonly status: number;
  /** Serialised JSON, or `undefined` for a status without a body. */
  readonly json: string | undefined;
}

type Outcome = Result<Success, AppError>;

const isResult = (value: unknown): value is Result<unknown, AppError> =>
  typeof value === "object" && value !== null && typeof (value as { isOk?: unknown }).isOk === "function";

/** Builds the Fastify handler of `route`. */
export function routeHandler(route: HttpRoute, rt: Runtime): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  const spanName = `${route.method} ${route.path}`;
  const timeoutMs = route.timeoutMs ?? rt.settings.requestTimeoutMs;
  const limit = rt.rateLimiter !== undefined && route.rateLimit !== false ? rt.rateLimiter : undefined;
  const limitSettings = rt.settings.rateLimit;
  const policy = (route.rateLimit !== false ? route.rateLimit?.policy : undefined) ?? {
    points: limitSettings.points,
    durationMs: limitSettings.durationMs,
  };
  const routeScoped = route.rateLimit !== false && route.rateLimit?.policy !== undefined;
  const policyName = routeScoped ? `${limitSettings.policyName}-route` : limitSettings.policyName;
  const policyHeader = rateLimitPolicyHeader(policyName, policy);
  const cost = (route.rateLimit !== false ? route.rateLimit?.cost : undefined) ?? 1;
  const validateResponses = rt.settings.responseValidation.enabled;
  const tracer = rt.tracer;
  const store = rt.context;

  async function afterAuthentication(request: FastifyRequest, ctx: LiveContext): Promise<Outcome> {
    if (limit !== undefined) {
      const who = rateLimitKey(limitSettings.key, ctx.principal?.subject, ctx.principal?.tenantId, request.ip);
      const key = routeScoped ? `${who}|${spanName}` : who;
      const decided = await limit.consume(key, { cost, policy });
      if (decided.isOk()) {
        ctx.setHeader("ratelimit-policy", policyHeader);
        ctx.setHeader("ratelimit", rateLimitHeader(policyName, decided.value));
        if (!decided.value.allowed) {
          return err({
            _tag: "RateLimited",
            message: "Too many requests; retry later",
            retryAfterMs: decided.value.retryAfterMs,
          });
        }
      } else if (limitSettings.onLimiterError === "deny") {
        return err(unavailable("rate-limiter", decided.error));
      } else {
        ctx.logger.warn("rate limiter failed; request allowed", { err: decided.error });
      }
    }
    const input = validateInput(route.schema, request);
    if (input.isErr()) return err(input.error);
    const answered = await withDeadline(route, input.value, ctx, timeoutMs, rt);
    if (answered.isErr()) return err(answered.error);
    return serialise(ctx.status, answered.value);
  }

  function serialise(status: number, value: unknown): Outcome {
    const schema = route.responses[status as keyof typeof route.responses];
    if (schema === null || schema === undefined) return ok({ status, json: undefined });
    if (!validateResponses) return ok({ status, json: JSON.stringify(value) });
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      return err(internal(`Answer of ${spanName} does not match its ${status} schema`, parsed.error.issues));
    }
    return ok({ status, json: JSON.stringify(parsed.data) });
  }

  async function execute(request: FastifyRequest, ctx: LiveContext): Promise<Outcome> {
    if (route.auth !== "none") {
      if (rt.authenticator === undefined) {
        return err(internal(`Route ${spanName} needs auth but the app has no authenticator`));
      }
      const who = await rt.authenticator.authenticate(request.headers);
      if (who.isErr()) return err(who.error);
      const allowed = authorize(route.auth, who.value, request.params);
      if (allowed.isErr()) return err(allowed.error);
      ctx.principal = allowed.value;
      const tenantId = allowed.value.tenantId;
      if (store !== undefined && tenantId !== undefined) {
        return store.run({ tenantId }, () => afterAuthentication(request, ctx));
      }
    }
    return afterAuthentication(request, ctx);
  }

  function inContext(request: FastifyRequest, ctx: LiveContext): Promise<Outcome> {
    if (store === undefined) return execute(request, ctx);
    // traceparent rides along so that a job enqueued here (context.inject()) continues this trace.
    const values =
      ctx.traceId === undefined || ctx.traceparent === undefined
        ? { correlationId: ctx.correlationId }
        : { correlationId: ctx.correlationId, traceId: ctx.traceId, traceparent: ctx.traceparent };
    return store.run(values, () => execute(request, ctx));
  }

  function traced(request: FastifyRequest, ctx: LiveContext): Promise<Outcome> {
    if (tracer === undefined) return inContext(request, ctx);
    const parent = traceCarrier(request);
    const options = {
      kind: "server" as const,
      attributes: { "http.request.method": request.method, "http.route": route.path },
      ...(parent === undefined ? {} : { parent }),
    };
    const spanned = tracer.withSpan(spanName, options, (span) => {
      ctx.traceId = span.traceId;
      ctx.traceparent = tracer.inject().traceparent ?? `00-${span.traceId}-${span.spanId}-01`;
      ctx.setHeader("traceparent", ctx.traceparent);
      return new ResultAsync(
        inContext(request, ctx).then((outcome) => {
          span.setAttribute("http.response.status_code", outcome.isOk() ? outcome.value.status : statusOf[outcome.error._tag]);
          return outcome;
        }),
      );
    });
    return Promise.resolve(spanned);
  }

  return async function handle(request, reply) {
    const ctx = new LiveContext(
      rt.logger,
      request.id,
      rt.clock.now() + timeoutMs,
      { method: request.method, route: route.path, ip: request.ip },
      route.status,
      route.responses,
    );
    if (rt.closing) {
      void reply.header("connection", "close");
      return sendAppError(rt, request, reply, unavailable("server", undefined, "The server is shutting down"));
    }
    rt.inFlight.add(ctx);
    let outcome: Outcome;
    try {
      outcome = await traced(request, ctx);
    } catch (thrown) {
      // Only a bug in an adapter (a ResultAsync that rejects) gets here.
      outcome = err(internal(`Unhandled exception in ${spanName}`, thrown));
    } finally {
      rt.inFlight.delete(ctx);
    }
    // Re-read: shutdown may have begun while the handler ran.
    if (isClosing(rt)) void reply.header("connection", "close");
    if (outcome.isErr()) return sendAppError(rt, request, reply, outcome.error, ctx.headers);
    if (ctx.headers !== undefined) void reply.headers(ctx.headers);
    void reply.code(outcome.value.status);
    if (outcome.value.json === undefined) return reply.send();
    return reply.type("application/json; charset=utf-8").send(outcome.value.json);
  };
}

function isClosing(rt: Runtime): boolean {
  return rt.closing;
}

function traceCarrier(request: FastifyRequest): Carrier | undefined {
  const traceparent = request.headers.traceparent;
  if (typeof traceparent !== "string") return undefined;
  const tracestate = request.headers.tracestate;
  return typeof tracestate === "string" ? { traceparent, tracestate } : { traceparent };
}

/**
 * Runs the handler against its deadline. A handler that throws, rejects or
 * answers something that is not a Result is a bug (500); one that is still
 * running at the deadline is answered 504 and its signal is aborted.
 */
function withDeadline(route: HttpRoute, input: Parameters<HttpRoute["handler"]>[0], ctx: LiveContext, timeoutMs: number, rt: Runtime): Promise<Result<unknown, AppError>> {
  return new Promise((resolve) => {
    const cancel = rt.clock.setTimer(timeoutMs, () => {
      const error = timeout(timeoutMs, `${route.method} ${route.path}`);
      ctx.abort(error);
      resolve(err(error));
    });
    const settle = (value: Result<unknown, AppError>): void => {
      cancel();
      resolve(value);
    };
    try {
      Promise.resolve(route.handler(input, ctx)).then(
        (value: unknown) => {
          settle(isResult(value) ? value : err(internal(`Handler of ${route.method} ${route.path} did not answer a Result`)));
        },
        (thrown: unknown) => {
          settle(err(internal(`Handler of ${route.method} ${route.path} rejected`, thrown)));
        },
      );
    } catch (thrown) {
      settle(err(internal(`Handler of ${route.method} ${route.path} threw`, thrown)));
    }
  });
}
