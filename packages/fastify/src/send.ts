import type { AppError } from "@hexkit/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import { type ProblemResponse, problemContentType, renderAppError } from "./errors/problem.js";
import type { Runtime } from "./runtime.js";

/**
 * The only places that write an answer's body. Problems are serialised here
 * with their content type, so no error path can fall back to Fastify's own
 * `{ statusCode, error, message }` shape.
 */
export function sendProblem(reply: FastifyReply, problem: ProblemResponse, headers?: Readonly<Record<string, string>>): FastifyReply {
  void reply.code(problem.status);
  if (headers !== undefined) void reply.headers(headers);
  void reply.headers(problem.headers);
  return reply.type(problemContentType).send(JSON.stringify(problem.body));
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
): FastifyReply {
  logError(rt.logger, error, { correlationId: request.id, method: request.method, route: request.routeOptions.url });
  const problem = renderAppError(error, { instance: instanceOf(request), correlationId: request.id }, rt.problems);
  if (error._tag === "Unauthorized" && rt.authenticator?.challenge !== undefined) {
    return sendProblem(reply, problem, { ...headers, "www-authenticate": rt.authenticator.challenge });
  }
  return sendProblem(reply, problem, headers);
}
