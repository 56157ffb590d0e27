import type { ErrorTag } from "@hexkit/core";

/**
 * The HTTP status of every `AppError` tag. `satisfies Record<ErrorTag, …>`
 * makes this exhaustive at compile time: a new tag in core fails the
 * typecheck here until it is mapped (and docs/errors.md lists it).
 *
 * `ValidationError` is 422, not 400: the request was well-formed HTTP and
 * JSON, but its content broke the route's schema. A body that is not JSON
 * at all is a `MalformedRequest` (400); see {@link frameworkStatusOf}.
 */
export const statusOf = {
  ValidationError: 422,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  PayloadTooLarge: 413,
  RateLimited: 429,
  Unavailable: 503,
  Timeout: 504,
  Internal: 500,
} as const satisfies Record<ErrorTag, number>;

/**
 * Failures the HTTP layer detects before a route runs, which have no
 * `AppError` tag because no use case could produce them.
 */
export const frameworkStatusOf = {
  MalformedRequest: 400,
  MethodNotAllowed: 405,
  UnsupportedMediaType: 415,
} as const;

/** A framework failure's name. */
export type FrameworkProblem = keyof typeof frameworkStatusOf;

/** Every problem kind this adapter answers with: the error tags and the framework failures. */
export type ProblemKind = ErrorTag | FrameworkProblem;

/** The `title` of each problem kind: short, stable, the same for every occurrence (RFC 9457 §3.1.3). */
export const titleOf = {
  ValidationError: "Request failed validation",
  Unauthorized: "Authentication required",
  Forbidden: "Forbidden",
  NotFound: "Not found",
  Conflict: "Conflict",
  PayloadTooLarge: "Payload too large",
  RateLimited: "Too many requests",
  Unavailable: "Service unavailable",
  Timeout: "Request timed out",
  Internal: "Internal server error",
  MalformedRequest: "Malformed request",
  MethodNotAllowed: "Method not allowed",
  UnsupportedMediaType: "Unsupported media type",
} as const satisfies Record<ProblemKind, string>;

/** Every problem kind, in a stable order (the error tags first). */
export const problemKinds = Object.keys(titleOf) as readonly ProblemKind[];

/** The kebab-case slug of a kind, used in its `type` URI: `ValidationError` → `validation-error`. */
export function slugOf(kind: ProblemKind): string {
  return kind.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
}
