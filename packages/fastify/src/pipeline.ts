import {
  type AppError,
  type Result,
  ResultAsync,
  type Span,
  type SpanOptions,
  type Tracer,
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
 * Hot path: plain code over `Result` values, not `ResultAsync` chains,
 * because a neverthrow `map` costs microseconds per step; and as few promise
 * steps as possible, because each one costs more once an AsyncLocalStorage
 * is active. A handler that answers a plain `Result` is served without any;
 * one that answers a `ResultAsync` costs one `then` on it, subscribed to
 * outside the request's context, so the answer is sent (and the access line
 * written) without looking the context up. Nothing goes back to Fastify: the
 * answer is sent by `deliver`, now or later (Fastify lets a handler that
 * returns `undefined` send later), and a returned promise would cost Fastify
 * a `then` of its own.
 */
interface Success {
  readonly status: number;
  /** Serialised JSON, or `undefined` for a status without a body. */
  readonly json: string | undefined;
}

type Outcome = Result<Success, AppError>;

/**
 * What a stage returns when the handler answered a promise: the answer waits
 * in `ctx.answer`, not yet subscribed to, so that the one `then` on it can be
 * made where it costs least (outside the context, with the answer sent in the
 * same step).
 */
const awaiting: unique symbol = Symbol("awaiting the handler's answer");

/** A stage's outcome: now, later, or the handler's pending answer. */
type Step = Outcome | PromiseLike<Outcome> | typeof awaiting;

/** Where a tracer that shares the app's context store keeps the active span's traceparent (as in its carriers). */
const traceparentKey = "traceparent";

const isThenable = <T>(value: unknown): value is PromiseLike<T> =>
  typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";

const isResult = (value: unknown): value is Result<unknown, AppError> =>
  typeof value === "object" && value !== null && typeof (value as { isOk?: unknown }).isOk === "function";

/** Builds the Fastify handler of `route`. */
export function routeHandler(route: HttpRoute, rt: Runtime): (request: FastifyRequest, reply: FastifyReply) => void {
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

  const rejected = (thrown: unknown): Outcome => err(internal(`Handler of ${spanName} rejected`, thrown));
  const unhandled = (thrown: unknown): Outcome => err(internal(`Unhandled exception in ${spanName}`, thrown));

  /** A step as something a `then` callback may return: the pending answer gets its `then` here. */
  function settled(ctx: LiveContext, step: Step): Outcome | PromiseLike<Outcome> {
    if (step !== awaiting) return step;
    const answer = ctx.answer as PromiseLike<unknown>;
    ctx.answer = undefined;
    return answer.then((value) => finish(ctx, value), rejected);
  }

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
      return settled(ctx, run(request, ctx));
    });
  }

  function run(request: FastifyRequest, ctx: LiveContext): Step {
    const input = validateInput(route.schema, request);
    if (input.isErr()) return err(input.error);
    let answer: unknown;
    try {
      answer = route.handler(input.value, ctx);
    } catch (thrown) {
      return err(internal(`Handler of ${spanName} threw`, thrown));
    }
    if (!isThenable(answer)) return finish(ctx, answer);
    ctx.answer = answer;
    return awaiting;
  }

  /** The handler's answer as an outcome; never throws. */
  function finish(ctx: LiveContext, value: unknown): Outcome {
    if (!isResult(value)) return err(internal(`Handler of ${spanName} did not answer a Result`));
    return value.isErr() ? err(value.error) : serialise(ctx.status, value.value);
  }

  function serialise(status: number, value: unknown): Outcome {
    const schema = route.responses[status as keyof typeof route.responses];
    if (schema === null || schema === undefined) return ok({ status, json: undefined });
    let data = value;
    if (validateResponses) {
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        return err(internal(`Answer of ${spanName} does not match its ${status} schema`, parsed.error.issues));
      }
      data = parsed.data;
    }
    try {
      return ok({ status, json: JSON.stringify(data) });
    } catch (thrown) {
      // A BigInt or a cycle that the schema let through.
      return err(internal(`Answer of ${spanName} cannot be serialised as JSON`, thrown));
    }
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
        return store.run({ tenantId }, () => settled(ctx, afterAuthentication(request, ctx)));
      }
      return settled(ctx, afterAuthentication(request, ctx));
    });
  }

  /** Runs the stages in the request's context; never throws. */
  function inContext(request: FastifyRequest, ctx: LiveContext): Step {
    try {
      if (store === undefined) return execute(request, ctx);
      // traceparent rides along so that a job enqueued here (context.inject()) continues this trace.
      const values =
        ctx.traceId === undefined || ctx.traceparent === undefined
          ? { correlationId: ctx.correlationId }
          : { correlationId: ctx.correlationId, traceId: ctx.traceId, traceparent: ctx.traceparent };
      return store.run(values, () => execute(request, ctx));
    } catch (thrown) {
      // Only a bug in an adapter (a store or an authenticator that throws) gets here.
      return unhandled(thrown);
    }
  }

  /** Sends the outcome of `step` now, or subscribes to it (outside any context when called from `handle`). */
  function follow(ctx: LiveContext, step: Step): void {
    if (step === awaiting) {
      const answer = ctx.answer as PromiseLike<unknown>;
      ctx.answer = undefined;
      try {
        // A ResultAsync is a thenable: subscribing to it directly saves a Promise.resolve adoption.
        void answer.then(
          (value) => {
            deliver(ctx, finish(ctx, value));
          },
          (thrown: unknown) => {
            deliver(ctx, rejected(thrown));
          },
        );
      } catch (thrown) {
        deliver(ctx, rejected(thrown));
      }
    } else if (isThenable<Outcome>(step)) {
      void step.then(
        (outcome) => {
          deliver(ctx, outcome);
        },
        // Only a bug in an adapter (a ResultAsync that rejects, a store that throws) gets here.
        (thrown: unknown) => {
          deliver(ctx, unhandled(thrown));
        },
      );
    } else {
      deliver(ctx, step);
    }
  }

  // The server span's options per method (HEAD comes in on GET routes), made once: the tracer copies them.
  const spanOptions = new Map<string, SpanOptions>();
  function spanOptionsFor(method: string): SpanOptions {
    let options = spanOptions.get(method);
    if (options === undefined) {
      options = Object.freeze({ kind: "server", attributes: Object.freeze({ "http.request.method": method, "http.route": route.path }) });
      spanOptions.set(method, options);
    }
    return options;
  }

  /**
   * The span's `traceparent` as a tracer that keeps its active span in the
   * app's context store has just written it there (`00-<trace>-<span>-<flags>`);
   * undefined for a tracer that keeps it elsewhere, which is then asked.
   */
  function activeTraceparent(span: Span): string | undefined {
    const written = store?.current()[traceparentKey];
    return written !== undefined && written.startsWith(span.spanId, 36) && written.startsWith(span.traceId, 3) ? written : undefined;
  }

  /**
   * With tracing on, the stages run inside the server span's callback; the
   * span's Result settles once the answer is sent (at once for an answer
   * known now), so the span ends right after the response, with its status.
   */
  function traced(request: FastifyRequest, ctx: LiveContext, spans: Tracer): void {
    const parent = traceCarrier(request);
    const own = spanOptionsFor(request.method);
    const options = parent === undefined ? own : { ...own, parent };
    let step: Step | undefined;
    let returned = false;
    try {
      void spans.withSpan(spanName, options, (span) => {
        ctx.span = span;
        ctx.traceId = span.traceId;
        ctx.traceparent = activeTraceparent(span) ?? spans.inject().traceparent ?? `00-${span.traceId}-${span.spanId}-01`;
        ctx.setHeader("traceparent", ctx.traceparent);
        const inner = inContext(request, ctx);
        const later = inner === awaiting || isThenable(inner);
        const ended = later
          ? new ResultAsync(new Promise<Result<unknown, AppError>>((resolve) => { ctx.spanDone = resolve; }))
          : new ResultAsync(Promise.resolve(inner));
        // A tracer that calls back only after withSpan returned: follow from here.
        if (returned) follow(ctx, inner);
        else step = inner;
        return ended;
      });
    } catch (thrown) {
      // The port promises withSpan never throws; a tracer that does fails this request only.
      deliver(ctx, unhandled(thrown));
    }
    returned = true;
    if (step !== undefined) follow(ctx, step);
  }

  // Sends the answer; never throws (it runs in promise callbacks, where a throw would be an unhandled rejection).
  function deliver(ctx: LiveContext, outcome: Outcome): void {
    try {
      respond(ctx, outcome);
    } catch (thrown) {
      try {
        if (ctx.reply.sent) ctx.logger.error(`bug: answering ${spanName} failed`, { err: thrown });
        else sendAppError(rt, ctx.raw, ctx.reply, internal(`Answering ${spanName} failed`, thrown));
      } catch {
        // Neither the reply nor the logger works; nothing is left to tell.
      }
    }
  }

  function respond(ctx: LiveContext, outcome: Outcome): void {
    // The deadline sweep may have answered already; the handler's late outcome is dropped.
    if (ctx.answered) return;
    ctx.answered = true;
    rt.inFlight.delete(ctx);
    if (ctx.span !== undefined) {
      ctx.span.setAttribute("http.response.status_code", outcome.isOk() ? outcome.value.status : statusOf[outcome.error._tag]);
      const spanDone = ctx.spanDone;
      ctx.spanDone = undefined;
      spanDone?.(outcome);
    }
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
    deliver(ctx, err(error));
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
    if (tracer === undefined) follow(ctx, inContext(request, ctx));
    else traced(request, ctx, tracer);
  };
}

function isClosing(rt: Runtime): boolean {
  return rt.closing;
}
