import type { AppError } from "@hexkit/core";
import { type FrameworkProblem, type ProblemKind, frameworkStatusOf, slugOf, statusOf, titleOf } from "./status.js";

/**
 * RFC 9457 problem details, as this adapter renders them. Every error answer
 * is one of these with `Content-Type: application/problem+json`. Bodies are
 * built only from what is safe to show: an `Internal` error's message and
 * cause, and the dependency behind an `Unavailable`, stay in the log.
 */
export const problemContentType = "application/problem+json";

/** One entry of a validation problem's `errors` member. */
export interface ProblemIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly code?: string;
}

/** The members of every problem this adapter answers with, plus per-kind extensions. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The request path (no query string) the problem occurred on. */
  readonly instance: string;
  readonly correlationId: string;
  /** ValidationError: every issue, never only the first. */
  readonly errors?: readonly ProblemIssue[];
  /** RateLimited: when to try again, in ms (Retry-After carries whole seconds). */
  readonly retryAfterMs?: number;
  /** PayloadTooLarge: the configured limit in bytes. */
  readonly limitBytes?: number;
  /** MethodNotAllowed: the methods the path does answer. */
  readonly allowed?: readonly string[];
  readonly [extension: string]: unknown;
}

/** A rendered error answer: status, extra headers and the body. */
export interface ProblemResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ProblemDetails;
}

/** Where and how a problem is rendered. */
export interface ProblemSettings {
  /** Prefix of `type` URIs; the kind's slug is appended (`urn:hexkit:problem:not-found`). */
  readonly typeBaseUri: string;
  /** `Retry-After` (seconds) sent with 503, which carries no retry time of its own. */
  readonly unavailableRetryAfterSeconds: number;
}

/** Where the occurrence happened. */
export interface ProblemOccurrence {
  readonly instance: string;
  readonly correlationId: string;
}

const genericDetail = {
  Unavailable: "A service this request depends on is temporarily unavailable. Try again later.",
  Timeout: "The request did not complete before its deadline.",
  Internal: "An unexpected error occurred. Quote the correlation id when reporting it.",
} as const;

function base(kind: ProblemKind, status: number, detail: string, where: ProblemOccurrence, settings: ProblemSettings) {
  return {
    type: `${settings.typeBaseUri}${slugOf(kind)}`,
    title: titleOf[kind],
    status,
    detail,
    instance: where.instance,
    correlationId: where.correlationId,
  };
}

/** Renders an `AppError` as problem details. Pure; never includes a cause or a stack. */
export function renderAppError(error: AppError, where: ProblemOccurrence, settings: ProblemSettings): ProblemResponse {
  const status = statusOf[error._tag];
  switch (error._tag) {
    case "ValidationError":
      return {
        status,
        headers: {},
        body: {
          ...base(error._tag, status, error.message, where, settings),
          errors: error.issues.map((issue) =>
            issue.code === undefined
              ? { path: issue.path, message: issue.message }
              : { path: issue.path, message: issue.message, code: issue.code },
          ),
        },
      };
    case "RateLimited":
      return {
        status,
        headers: { "retry-after": String(Math.ceil(error.retryAfterMs / 1000)) },
        body: { ...base(error._tag, status, error.message, where, settings), retryAfterMs: Math.ceil(error.retryAfterMs) },
      };
    case "PayloadTooLarge":
      return {
        status,
        headers: {},
        body: { ...base(error._tag, status, error.message, where, settings), limitBytes: error.limitBytes },
      };
    case "Unavailable":
      return {
        status,
        headers: { "retry-after": String(settings.unavailableRetryAfterSeconds) },
        body: base(error._tag, status, genericDetail.Unavailable, where, settings),
      };
    case "Timeout":
    case "Internal":
      return { status, headers: {}, body: base(error._tag, status, genericDetail[error._tag], where, settings) };
    case "Unauthorized":
    case "Forbidden":
    case "NotFound":
    case "Conflict":
      return { status, headers: {}, body: base(error._tag, status, error.message, where, settings) };
  }
}

/** Renders a failure found by the HTTP layer itself (bad JSON, wrong method, media type). */
export function renderFrameworkProblem(
  kind: FrameworkProblem,
  detail: string,
  where: ProblemOccurrence,
  settings: ProblemSettings,
  extensions: Readonly<Record<string, unknown>> = {},
): ProblemResponse {
  const status = frameworkStatusOf[kind];
  return { status, headers: {}, body: { ...extensions, ...base(kind, status, detail, where, settings) } };
}

/**
 * Renders any other client error status Fastify reports (414, 431, …) as an
 * RFC 9457 `about:blank` problem, whose title is the status phrase.
 */
export function renderStatusProblem(status: number, title: string, detail: string, where: ProblemOccurrence): ProblemResponse {
  return {
    status,
    headers: {},
    body: { type: "about:blank", title, status, detail, instance: where.instance, correlationId: where.correlationId },
  };
}
