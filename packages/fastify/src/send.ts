import type { AppError } from "@hexkit/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import { type ProblemResponse, problemContentType, renderAppError } from "./errors/problem.js";
import { observe } from "./observe.js";
import type { Runtime } from "./runtime.js";

/**
 * The only places that write an answer's body. They answer `void`, and
 * handlers pass that on: a handler that returns the reply after sending it
 * makes Fastify call `reply.send(reply)` again, which builds an "already
 * sent" error (with a stack trace) on every request. Problems are serialised
 * here with their content type, so no error path can fall back to Fastify's own
 * `{ statusCode, error, message }` shape.
 */
export function sendProblem(
  rt: Runtime,
  reply: FastifyReply,
  problem: ProblemResponse,
  headers?: Readonly<Record<string, string>>,
): void {
  void reply.code(problem.status);
  if (headers !== undefined) void reply.headers(headers);
  void reply.headers(problem.headers);
  void reply.header("content-type", problemContentType);
  observe(rt, reply);
  void reply.send(JSON.stringify(problem.body));
}

/** Sends serialised JSON (or no body when `json` is undefined) with `status`. */
export function sendJson(rt: Runtime, reply: FastifyReply, status: number, json: string | undefined): void {
  void reply.code(status);
  if (json !== undefined) void reply.header("content-type", "application/json; charset=utf-8");
  observe(rt, reply);
  void (json === undefined ? reply.send() : reply.send(json));
}

/** The request path without its query string: a problem's `instance`. */
export function instanceOf(request: FastifyRequest): string {
  const url = request.url;
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

/** Logs what an error answer hides from the client, at a level that fits its kind. */
export function logError(logger: { warn: Runtime["logger"]["warn"]; error: Runtime["logger"]["error"] }, error: AppError, fields: Readonly<Record<string, unknown>>): void {
  switch (error._tag) {
    case "Internal":
      logger.error(`bug: ${error.message}`, { ...fields, err: error.cause ?? error });
      return;
    case "Unavailable":
      logger.warn(`dependency unavailable: ${error.dependency}`, { ...fields, err: error.cause ?? error });
      return;
    case "Timeout":
      logger.warn(error.message, fields);
      return;
    default:
      return;
  }
}

/** Renders and sends an `AppError` for `request`, logging what the body leaves out. */
export function sendAppError(
  rt: Runtime,
  request: FastifyRequest,
  reply: FastifyReply,
  error: AppError,
  headers?: Readonly<Record<string, string>>,
): void {
  logError(rt.logger, error, { correlationId: request.id, method: request.method, route: request.routeOptions.url });
  const problem = renderAppError(error, { instance: instanceOf(request), correlationId: request.id }, rt.problems);
  if (error._tag === "Unauthorized" && rt.authenticator?.challenge !== undefined) {
    sendProblem(rt, reply, problem, { ...headers, "www-authenticate": rt.authenticator.challenge }); return;
  }
  sendProblem(rt, reply, problem, headers);
}
