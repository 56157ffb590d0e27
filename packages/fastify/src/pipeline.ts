import {
  type AppError,
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
import { type ObservedRequest, traceCarrier } from "./observe.js";
import { rateLimitHeader, rateLimitKey, rateLimitPolicyHeader } from "./rate-limit.js";
import type { HttpRoute } from "./route.js";
import type { Runtime } from "./runtime.js";
import { sendAppError, sendJson } from "./send.js";
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

/**
 * A stage's outcome, now or later. A handler that answers a plain `Result`
 * (no I/O) is served synchronously end to end: an async step alone costs a
 * measurable share of a small request.
 */
type Step = Outcome | PromiseLike<Outcome>;

const isThenable = <T>(value: T | PromiseLike<T>): value is PromiseLike<T> =>
  typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";

const isResult = (value: unknown): value is Result<unknown, AppError> =>
  typeof value === "object" && value !== null && typeof (value as { isOk?: unknown }).isOk === "function";

/** Builds the Fastify handler of `route`. */
export function routeHandler(route: HttpRoute, rt: Runtime): (request: FastifyRequest, reply: FastifyReply) => Promise<void> | undefined {
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

  function afterAuthentication(request: FastifyRequest, ctx: LiveContext): Step {
    if (limit === undefined) return run(request, ctx);
    const who = rateLimitKey(limitSettings.key, ctx.principal?.subject, ctx.principal?.tenantId, request.ip);
    const key = routeScoped ? `${who}|${spanName}` : who;
    return Promise.resolve(limit.consume(key, { cost, policy })).then((decided) => {
      if (decided.isOk()) {
        ctx.setHeader("ratelimit-policy", policyHeader);
        ctx.setHeader("ratelimit", rateLimitHeader(policyName, decided.value));
        if (!decided.value.allowed) {
          return err({ _tag: "RateLimited", message: "Too many requests; retry later", retryAfterMs: decided.value.retryAfterMs });
        }
      } else if (limitSettings.onLimiterError === "deny") {
        return err(unavailable("rate-limiter", decided.error));
      } else {
        ctx.logger.warn("rate limiter failed; request allowed", { err: decided.error });
      }
      return run(request, ctx);
    });
  }

  const rejected = (thrown: unknown): Outcome => err(internal(`Handler of ${spanName} rejected`, thrown));

  function run(request: FastifyRequest, ctx: LiveContext): Step {
    const input = validateInput(route.schema, request);
    if (input.isErr()) return err(input.error);
    let answer: unknown;
    try {
      answer = route.handler(input.value, ctx);
    } catch (thrown) {
      return err(internal(`Handler of ${spanName} threw`, thrown));
    }
    // One step from the handler's answer to the outcome: each promise in the chain costs more
    // once an AsyncLocalStorage is active.
    const finish = (value: unknown): Outcome => {
      if (!isResult(value)) return err(internal(`Handler of ${spanName} did not answer a Result`));
      return value.isErr() ? err(value.error) : serialise(ctx.status, value.value);
    };
    // A ResultAsync is a thenable: subscribing to it directly saves a Promise.resolve adoption.
    return isThenable(answer) ? answer.then(finish, rejected) : finish(answer);
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

  function execute(request: FastifyRequest, ctx: LiveContext): Step {
    if (route.auth === "none") return afterAuthentication(request, ctx);
    const auth = route.auth;
    const authenticator = rt.authenticator;
    if (authenticator === undefined) {
      return err(internal(`Route ${spanName} needs auth but the app has no authenticator`));
    }
    return Promise.resolve(authenticator.authenticate(request.headers)).then((who) => {
      if (who.isErr()) return err(who.error);
      const allowed = authorize(auth, who.value, request.params);
      if (allowed.isErr()) return err(allowed.error);
      ctx.principal = allowed.value;
      const tenantId = allowed.value.tenantId;
      if (store !== undefined && tenantId !== undefined) {
        return store.run({ tenantId }, () => afterAuthentication(request, ctx));
      }
      return afterAuthentication(request, ctx);
    });
  }

  function inContext(request: FastifyRequest, ctx: LiveContext): Step {
    if (store === undefined) return execute(request, ctx);
    // traceparent rides along so that a job enqueued here (context.inject()) continues this trace.
    const values =
      ctx.traceId === undefined || ctx.traceparent === undefined
        ? { correlationId: ctx.correlationId }
        : { correlationId: ctx.correlationId, traceId: ctx.traceId, traceparent: ctx.traceparent };
    return store.run(values, () => execute(request, ctx));
  }

  function traced(request: FastifyRequest, ctx: LiveContext): Step {
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
        Promise.resolve(inContext(request, ctx)).then((outcome) => {
          span.setAttribute("http.response.status_code", outcome.isOk() ? outcome.value.status : statusOf[outcome.error._tag]);
          return outcome;
        }),
      );
    });
    return Promise.resolve(spanned);
  }

  // Answers nothing back to Fastify (void): a handler that returns the reply after sending it makes
  // Fastify call reply.send(reply) again, which builds an "already sent" error with a stack trace.
  function respond(ctx: LiveContext, outcome: Outcome): void {
    // The deadline sweep may have answered already; the handler's late outcome is dropped.
    if (ctx.answered) return;
    ctx.answered = true;
    rt.inFlight.delete(ctx);
    const { raw: request, reply } = ctx;
    // Shutdown may have begun while the handler ran.
    if (isClosing(rt)) void reply.header("connection", "close");
    if (outcome.isErr()) {
      sendAppError(rt, request, reply, outcome.error, ctx.headers);
      return;
    }
    if (ctx.headers !== undefined) void reply.headers(ctx.headers);
    sendJson(rt, reply, outcome.value.status, outcome.value.json);
  }

  // Called by the in-flight sweep once the deadline has passed: answer 504 now, abort the handler's signal.
  const onDeadline = (ctx: LiveContext): void => {
    const error = timeout(timeoutMs, spanName);
    ctx.abort(error);
    respond(ctx, err(error));
  };

  return function handle(request, reply) {
    (request as unknown as ObservedRequest).hexkitRoute = route.path;
    const ctx = new LiveContext(rt.logger, request, reply, route.path, rt.clock.now() + timeoutMs, route.status, route.responses, onDeadline);
    if (rt.closing) {
      void reply.header("connection", "close");
      sendAppError(rt, request, reply, unavailable("server", undefined, "The server is shutting down"));
      return;
    }
    rt.inFlight.add(ctx);
    let running: Step;
    try {
      running = traced(request, ctx);
    } catch (thrown) {
      running = err(internal(`Unhandled exception in ${spanName}`, thrown));
    }
    if (!isThenable(running)) {
      respond(ctx, running);
      return undefined;
    }
    // Fastify only needs to know when we are done; the answer is already sent by then.
    return Promise.resolve(
      running.then(
        (outcome) => {
          respond(ctx, outcome);
        },
        // Only a bug in an adapter (a ResultAsync that rejects, a store that throws) gets here.
        (thrown: unknown) => {
          respond(ctx, err(internal(`Unhandled exception in ${spanName}`, thrown)));
        },
      ),
    );
  };
}

function isClosing(rt: Runtime): boolean {
  return rt.closing;
}


