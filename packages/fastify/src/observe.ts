import type { IncomingMessage } from "node:http";
import type { Carrier, Span, Tracer } from "@hexkit/core";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Runtime } from "./runtime.js";

export { LabelSets } from "./label-sets.js";

/**
 * Request id echo, the access-log line and RED metrics. They run where the
 * answer is sent (every answer goes through `send.ts`), not in an
 * `onResponse` hook: a response hook makes Fastify attach `finish`/`error`
 * listeners to every response, which costs more than the work itself. The
 * start time is noted when Fastify asks for the request id (the first thing
 * it does with a request), not in an `onRequest` hook: a hook costs Fastify a
 * hook-runner pass per request. Labels use the route template
 * (`/items/:id`), never the raw path, so label sets stay bounded; requests
 * that match no route are labelled `unmatched`.
 */

/** What the pipeline notes on a request (declared with `decorateRequest`). */
export interface ObservedRequest {
  hexkitRoute: string | undefined;
}

/** Where the start time is noted: on Node's request, the only object Fastify's `genReqId` sees. */
interface StampedMessage extends IncomingMessage {
  hexkitStart?: number;
}

/** Wraps Fastify's `genReqId` so it also notes the start time, when the access log or metrics need it. */
export function timedRequestIds(rt: Pick<Runtime, "settings" | "requests">, ids: (req: IncomingMessage) => string): (req: IncomingMessage) => string {
  if (!rt.settings.accessLog.enabled && rt.requests === undefined) return ids;
  return (req) => {
    (req as StampedMessage).hexkitStart = performance.now();
    return ids(req);
  };
}

/** Declares the request property the pipeline sets. */
export function registerObservability(app: FastifyInstance): void {
  // Declared so every request object keeps one shape (V8 hidden class).
  app.decorateRequest("hexkitRoute", undefined);
}

function routeOf(request: FastifyRequest): string {
  const noted = (request as unknown as ObservedRequest).hexkitRoute;
  if (noted !== undefined) return noted;
  // A matched route that failed before its handler (bad JSON, 413, 415): routeOptions builds an object, so only here.
  return request.is404 ? "unmatched" : (request.routeOptions.url ?? "unmatched");
}

/** The W3C trace context of an incoming request, if it sent one. */
export function traceCarrier(request: FastifyRequest): Carrier | undefined {
  const traceparent = request.headers.traceparent;
  if (typeof traceparent !== "string") return undefined;
  const tracestate = request.headers.tracestate;
  return typeof tracestate === "string" ? { traceparent, tracestate } : { traceparent };
}

/**
 * The `traceparent` a response echoes for `span`: the span's own when its
 * tracer tells it (flags included), else one written from its ids, flagged
 * sampled (a tracer that does not tell records every span).
 */
export function echoedTraceparent(span: Span): string {
  return span.traceparent ?? `00-${span.traceId}-${span.spanId}-01`;
}

/**
 * Answers that never entered a route's pipeline (404, 405, bad JSON, health,
 * OpenAPI) get their server span here, so every request has one.
 */
function spanOutsidePipeline(tracer: Tracer, request: FastifyRequest, reply: FastifyReply, route: string, answerTraceparent: boolean): void {
  const parent = traceCarrier(request);
  const span = tracer.startSpan(`${request.method} ${route}`, {
    kind: "server",
    attributes: { "http.request.method": request.method, "http.route": route, "http.response.status_code": reply.statusCode },
    ...(parent === undefined ? {} : { parent }),
  });
  if (reply.statusCode >= 500) span.recordError({ _tag: "Internal", message: `Answered ${reply.statusCode}` });
  if (answerTraceparent) void reply.header("traceparent", echoedTraceparent(span));
  span.end();
}

/** Echoes the request id, records the answer, and spans answers made outside the pipeline; call right before sending. */
export function observe(rt: Runtime, reply: FastifyReply): void {
  const request = reply.request;
  const { requestId, accessLog, tracing } = rt.settings;
  if (requestId.enabled) void reply.header(requestId.header, request.id);
  if (rt.tracer !== undefined && (request as unknown as ObservedRequest).hexkitRoute === undefined) {
    spanOutsidePipeline(rt.tracer, request, reply, routeOf(request), tracing.answerTraceparent);
  }
  const requests = rt.requests;
  if (rt.accessLoggers === undefined && requests === undefined) return;
  const start = (request.raw as StampedMessage).hexkitStart;
  const durationMs = start === undefined ? 0 : performance.now() - start;
  const route = routeOf(request);
  const status = reply.statusCode;
  if (requests !== undefined) {
    const labels = requests.labels.get(request.method, route, status);
    requests.total.inc(labels);
    requests.duration.observe(durationMs, labels);
  }
  if (rt.accessLoggers !== undefined) {
    rt.accessLoggers.get(request.method, route)[accessLog.level]("http request", {
      status,
      durationMs: Math.round(durationMs * 1000) / 1000,
      correlationId: request.id,
    });
  }
}
