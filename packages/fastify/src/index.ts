/**
 * @hexkit/fastify — the HTTP adapter on Fastify 5. Routes are values
 * (`defineRoute`), handlers return `ResultAsync<T, AppError>`, every error
 * is RFC 9457 problem+json, and the cross-cutting concerns (request id,
 * access log, RED metrics, tracing, context, auth, rate limits, security
 * headers, CORS, deadlines, graceful shutdown, health, OpenAPI) are wired by
 * `createHttpApp` from core's ports.
 */
export * from "./route.js";
export * from "./app.js";
export * from "./options.js";
export * from "./auth/principal.js";
export * from "./auth/authenticator.port.js";
export * from "./auth/jwt.js";
export * from "./auth/api-key.js";
export * from "./auth/any-of.js";
export { authorize } from "./auth/authorize.js";
export * from "./errors/status.js";
export * from "./errors/problem.js";
export type { ShutdownReport } from "./shutdown.js";
export type { CheckResult } from "./health.js";
export type { OpenApiDocument } from "./openapi.js";
export { isSaneRequestId } from "./request-id.js";
export { rateLimitHeader, rateLimitPolicyHeader } from "./rate-limit.js";
export { zodIssues } from "./validate.js";
