/**
 * The shared error vocabulary. Every port, policy, use case and adapter speaks
 * it: errors are plain readonly objects discriminated by `_tag` (which also
 * lines up with Effect's `catchTag`), built by the small constructors below.
 * A thrown exception inside a hexkit system is a bug; expected failures are
 * one of these values inside a `Result`.
 */

/** One problem found while validating input: where, and what is wrong. */
export interface ValidationIssue {
  /** Path into the input, e.g. `["endpoints", 0, "url"]`; empty for the root. */
  readonly path: readonly (string | number)[];
  /** A sentence a person can act on, e.g. "Expected a number, received a string". */
  readonly message: string;
  /** A machine-readable code (zod's issue code, or one of our own). */
  readonly code?: string;
  /** Where the offending value came from, e.g. `config.yaml:12` or `HEXKIT__REDIS__URL`. */
  readonly source?: string;
}

/** Input does not satisfy its schema. Carries every issue, never just the first. */
export interface ValidationError {
  readonly _tag: "ValidationError";
  readonly message: string;
  readonly issues: readonly ValidationIssue[];
}
/** No credentials, or credentials that do not verify. */
export interface Unauthorized {
  readonly _tag: "Unauthorized";
  readonly message: string;
}
/** Credentials are valid but the action is not allowed for this principal. */
export interface Forbidden {
  readonly _tag: "Forbidden";
  readonly message: string;
}
/** The resource does not exist (for this tenant: another tenant's data is "not found"). */
export interface NotFound {
  readonly _tag: "NotFound";
  readonly message: string;
  readonly resource: string;
  readonly id?: string;
}
/** The request conflicts with current state (duplicate, lock held, version mismatch). */
export interface Conflict {
  readonly _tag: "Conflict";
  readonly message: string;
}
/** Input is larger than a configured limit. */
export interface PayloadTooLarge {
  readonly _tag: "PayloadTooLarge";
  readonly message: string;
  readonly limitBytes: number;
}
/** Over a limit; the caller may try again after `retryAfterMs`. Transient. */
export interface RateLimited {
  readonly _tag: "RateLimited";
  readonly message: string;
  readonly retryAfterMs: number;
}
/** A dependency (named in `dependency`) is down or refusing work. Transient. */
export interface Unavailable {
  readonly _tag: "Unavailable";
  readonly message: string;
  readonly dependency: string;
  readonly cause?: unknown;
}
/** A deadline of `afterMs` passed before the operation finished. Transient. */
export interface Timeout {
  readonly _tag: "Timeout";
  readonly message: string;
  readonly afterMs: number;
  readonly operation?: string;
}
/** A bug. `cause` is for the log only and must never reach a client. */
export interface Internal {
  readonly _tag: "Internal";
  readonly message: string;
  readonly cause?: unknown;
}

/** Every error a hexkit system can return. Exhaustive mappings key on `AppError["_tag"]`. */
export type AppError =
  | ValidationError
  | Unauthorized
  | Forbidden
  | NotFound
  | Conflict
  | PayloadTooLarge
  | RateLimited
  | Unavailable
  | Timeout
  | Internal;

/** The `_tag` of every `AppError`. */
export type ErrorTag = AppError["_tag"];

/** Every tag, in a stable order; `satisfies` keeps it in step with the union. */
export const errorTags = [
  "ValidationError",
  "Unauthorized",
  "Forbidden",
  "NotFound",
  "Conflict",
  "PayloadTooLarge",
  "RateLimited",
  "Unavailable",
  "Timeout",
  "Internal",
] as const satisfies readonly ErrorTag[];

const transient = {
  ValidationError: false,
  Unauthorized: false,
  Forbidden: false,
  NotFound: false,
  Conflict: false,
  PayloadTooLarge: false,
  RateLimited: true,
  Unavailable: true,
  Timeout: true,
  Internal: false,
} as const satisfies Record<ErrorTag, boolean>;

/**
 * True for errors that may succeed when tried again later (`RateLimited`,
 * `Unavailable`, `Timeout`). Retry policies retry these and nothing else.
 */
export function isTransient(error: { readonly _tag: string }): boolean {
  // Own keys only: a tag like "toString" must not find Object.prototype's member.
  return Object.hasOwn(transient, error._tag) && (transient as Record<string, boolean>)[error._tag] === true;
}

/** True when `value` is an `AppError` (an object whose `_tag` is one of ours). */
export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { _tag?: unknown })._tag === "string" &&
    (errorTags as readonly string[]).includes((value as { _tag: string })._tag)
  );
}

function describeIssues(issues: readonly ValidationIssue[]): string {
  const first = issues[0];
  if (!first) return "Invalid input";
  const where = first.path.length > 0 ? `${first.path.join(".")}: ` : "";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return `${where}${first.message}${more}`;
}

/** Builds a `ValidationError`; the default message names the first issue and counts the rest. */
export const validationError = (issues: readonly ValidationIssue[], message?: string): ValidationError => ({
  _tag: "ValidationError",
  message: message ?? describeIssues(issues),
  issues,
});
/** Builds a `ValidationError` with a single issue at `path`. */
export const invalid = (path: readonly (string | number)[], message: string, code = "custom"): ValidationError =>
  validationError([{ path, message, code }]);
/** Builds an `Unauthorized` error. */
export const unauthorized = (message = "Missing or invalid credentials"): Unauthorized => ({ _tag: "Unauthorized", message });
/** Builds a `Forbidden` error. */
export const forbidden = (message = "Not allowed"): Forbidden => ({ _tag: "Forbidden", message });
/** Builds a `NotFound` error for `resource` (and `id`, when known). */
export const notFound = (resource: string, id?: string): NotFound =>
  id === undefined
    ? { _tag: "NotFound", message: `${resource} not found`, resource }
    : { _tag: "NotFound", message: `${resource} ${id} not found`, resource, id };
/** Builds a `Conflict` error. */
export const conflict = (message: string): Conflict => ({ _tag: "Conflict", message });
/** Builds a `PayloadTooLarge` error for a limit of `limitBytes`. */
export const payloadTooLarge = (limitBytes: number, message?: string): PayloadTooLarge => ({
  _tag: "PayloadTooLarge",
  message: message ?? `Payload is larger than the limit of ${limitBytes} bytes`,
  limitBytes,
});
/** Builds a `RateLimited` error; `retryAfterMs` is clamped to be at least 0. */
export const rateLimited = (retryAfterMs: number, message?: string): RateLimited => ({
  _tag: "RateLimited",
  message: message ?? `Rate limited; retry after ${Math.max(0, Math.ceil(retryAfterMs))} ms`,
  retryAfterMs: Math.max(0, retryAfterMs),
});
/** Builds an `Unavailable` error for `dependency`, keeping `cause` for the log. */
export const unavailable = (dependency: string, cause?: unknown, message?: string): Unavailable =>
  cause === undefined
    ? { _tag: "Unavailable", message: message ?? `${dependency} is unavailable`, dependency }
    : { _tag: "Unavailable", message: message ?? `${dependency} is unavailable`, dependency, cause };
/** Builds a `Timeout` error after `afterMs` (naming `operation`, when given). */
export const timeout = (afterMs: number, operation?: string): Timeout =>
  operation === undefined
    ? { _tag: "Timeout", message: `Timed out after ${afterMs} ms`, afterMs }
    : { _tag: "Timeout", message: `${operation} timed out after ${afterMs} ms`, afterMs, operation };
/** Builds an `Internal` error (a bug); `cause` is for the log only. */
export const internal = (message: string, cause?: unknown): Internal =>
  cause === undefined ? { _tag: "Internal", message } : { _tag: "Internal", message, cause };

/** The error tags that may be retried, as a type. */
export type TransientError = RateLimited | Unavailable | Timeout;
