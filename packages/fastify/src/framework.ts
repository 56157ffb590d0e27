import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { internal, notFound, payloadTooLarge } from "@hexkit/core";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  type ProblemResponse,
  problemContentType,
  renderFrameworkProblem,
  renderStatusProblem,
} from "./errors/problem.js";
import { type HttpMethod, type HttpRoute, httpMethods } from "./route.js";
import type { Runtime } from "./runtime.js";
import { instanceOf, sendAppError, sendProblem } from "./send.js";

/**
 * Failures Fastify detects before a route runs, answered as problem+json:
 * malformed JSON (400), an oversized body (413), an unsupported media type
 * (415), an unknown route (404), a known path with the wrong method (405,
 * with `Allow`), and anything else a hook or parser throws (500, logged as a
 * bug). The client never sees Fastify's own error shape or a stack.
 */
const malformed: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "The body is not valid JSON.",
  FST_ERR_CTP_EMPTY_JSON_BODY: "The body is empty but Content-Type says JSON.",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "The body's size does not match Content-Length.",
  FST_ERR_BAD_URL: "The URL is not valid.",
};

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === "string";
}

/** Fastify's error handler: maps what parsers and hooks throw to problems. */
export function frameworkErrorHandler(rt: Runtime) {
  return function onError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const where = { instance: instanceOf(request), correlationId: request.id };
    if (isFastifyError(error)) {
      const detail = malformed[error.code];
      if (detail !== undefined) { sendProblem(rt, reply, renderFrameworkProblem("MalformedRequest", detail, where, rt.problems)); return; }
      if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
        sendAppError(rt, request, reply, payloadTooLarge(rt.settings.bodyLimitBytes)); return;
      }
      if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
        const problem = renderFrameworkProblem("UnsupportedMediaType", "Send the body as application/json.", where, rt.problems);
        sendProblem(rt, reply, problem, { accept: "application/json" }); return;
      }
      const status = error.statusCode;
      if (status !== undefined && status >= 400 && status < 500) {
        const title = STATUS_CODES[status] ?? "Client error";
        sendProblem(rt, reply, renderStatusProblem(status, title, `${title}.`, where)); return;
      }
    }
    sendAppError(rt, request, reply, internal("Unhandled exception outside a handler", error));
  };
}

/** Fastify's `frameworkErrors`: a URL that cannot be decoded, a path parameter over the length limit. */
export function frameworkErrorsHandler(rt: Runtime) {
  return function onFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
    if (error.code === "FST_ERR_MAX_PARAM_LENGTH") {
      const where = { instance: instanceOf(request), correlationId: request.id };
      sendProblem(rt, reply, renderStatusProblem(414, "URI Too Long", "A path segment is longer than allowed.", where));
      return;
    }
    frameworkErrorHandler(rt)(error, request, reply);
  };
}

/** The 404 handler: no route matches the path. */
export function notFoundHandler(rt: Runtime) {
  return function onNotFound(request: FastifyRequest, reply: FastifyReply): void {
    sendAppError(rt, request, reply, notFound("Route", `${request.method} ${instanceOf(request)}`));
  };
}

/**
 * Fastify answers an unknown method on a known path with 404. For each path
 * it registers every method the routes do not use, answering 405 with
 * `Allow`. `OPTIONS` is left to CORS when CORS is on.
 */
export function registerMethodNotAllowed(app: FastifyInstance, routes: readonly HttpRoute[], rt: Runtime): void {
  const byPath = new Map<string, Set<HttpMethod>>();
  for (const route of routes) {
    const methods = byPath.get(route.path) ?? new Set<HttpMethod>();
    methods.add(route.method);
    byPath.set(route.path, methods);
  }
  for (const [path, methods] of byPath) {
    const allowed = [...methods].flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m])).sort();
    const others: string[] = httpMethods.filter((m) => !methods.has(m));
    if (!methods.has("GET")) others.push("HEAD");
    if (!rt.settings.cors.enabled) others.push("OPTIONS");
    const allow = allowed.join(", ");
    app.route({
      method: others,
      url: path,
      handler: (request, reply): void => {
        const where = { instance: instanceOf(request), correlationId: request.id };
        const detail = `${request.method} is not allowed here; use ${allow}.`;
        sendProblem(rt, reply, renderFrameworkProblem("MethodNotAllowed", detail, where, rt.problems, { allowed }), { allow });
      },
    });
  }
}

/**
 * Node's `clientError`: a request Node could not parse at all (no route, no
 * Fastify request). Answers a problem on the raw socket, then closes it.
 */
export function clientErrorHandler(rt: Runtime) {
  return function onClientError(error: Error & { code?: string }, socket: Socket): void {
    if (error.code === "ECONNRESET" || socket.destroyed) return;
    const status = error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    const where = { instance: "", correlationId: randomUUID() };
    const problem: ProblemResponse =
      status === 400
        ? renderFrameworkProblem("MalformedRequest", "The request is not valid HTTP.", where, rt.problems)
        : renderStatusProblem(status, STATUS_CODES[status] ?? "Client error", `${STATUS_CODES[status] ?? "Client error"}.`, where);
    const body = JSON.stringify(problem.body);
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\nContent-Type: ${problemContentType}\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
