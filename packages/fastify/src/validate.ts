import { type Result, type ValidationError, type ValidationIssue, err, ok, validationError } from "@hexkit/core";
import type { z } from "zod";
import type { RequestSchemas, RouteInput } from "./route.js";

/**
 * Request validation: every part with a schema is parsed, and every issue of
 * every part is collected, each with its path prefixed by the part
 * (`["body", "url"]`, `["query", "limit"]`), so one 422 lists them all.
 */
export function zodIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly (string | number)[]): ValidationIssue[] {
  return issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((key) => (typeof key === "symbol" ? String(key) : key))],
    message: issue.message,
    code: issue.code,
  }));
}

/** The raw parts of a request, as Fastify parsed them. */
export interface RawInput {
  readonly params: unknown;
  readonly query: unknown;
  readonly headers: unknown;
  readonly body: unknown;
}

const parts = ["params", "query", "headers", "body"] as const;

/** Parses each part that has a schema; parts without one are `undefined`. Synchronous schemas only. */
export function validateInput(schemas: RequestSchemas, raw: RawInput): Result<RouteInput<RequestSchemas>, ValidationError> {
  const out: Record<(typeof parts)[number], unknown> = { params: undefined, query: undefined, headers: undefined, body: undefined };
  let issues: ValidationIssue[] | undefined;
  for (const part of parts) {
    const schema = schemas[part];
    if (schema === undefined) continue;
    // A missing body arrives as undefined; zod then reports "expected object, received undefined".
    const parsed = schema.safeParse(raw[part]);
    if (parsed.success) out[part] = parsed.data;
    else (issues ??= []).push(...zodIssues(parsed.error.issues, [part]));
  }
  return issues === undefined ? ok(out as RouteInput<RequestSchemas>) : err(validationError(issues));
}
