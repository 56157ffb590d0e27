import { type Result, type ValidationError, type ValidationIssue, err, ok, validationError } from "@hexkit/core";
import type { z } from "zod";

/** A map from job name to the zod schema of its payload. */
export type JobSchemas = Readonly<Record<string, z.ZodType>>;

/**
 * The job names a queue accepts and the schema of each payload. Built once by
 * `defineJobs` and shared by producers and workers, so both sides agree on
 * names and shapes; payloads are checked on enqueue and again on consume.
 */
export interface JobRegistry<S extends JobSchemas = JobSchemas> {
  readonly schemas: S;
}

/** The payload type of every job in a registry (the schema's output). */
export type JobsOf<R extends JobRegistry> = { [N in keyof R["schemas"] & string]: z.output<R["schemas"][N]> };

/**
 * Declares the jobs of a queue: `defineJobs({ sendEmail: z.object({ to: z.email() }) })`.
 * Names are the keys; each payload must be JSON-serialisable, since it is
 * stored in Redis as JSON.
 */
export function defineJobs<const S extends JobSchemas>(schemas: S): JobRegistry<S> {
  return { schemas };
}

function toPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((segment) => (typeof segment === "number" ? segment : String(segment)));
}

/**
 * Checks `payload` against the schema of job `name`: the schema's output on
 * success, else a `ValidationError` with every issue (paths start at
 * `payload`). An unknown name is an issue at `name`.
 */
export function validatePayload(registry: JobRegistry, name: string, payload: unknown): Result<unknown, ValidationError> {
  const schema = Object.hasOwn(registry.schemas, name) ? registry.schemas[name] : undefined;
  if (schema === undefined) {
    const message = `Unknown job name "${name}"`;
    return err(validationError([{ path: ["name"], message, code: "unknown_job" }], message));
  }
  const parsed = schema.safeParse(payload);
  if (parsed.success) return ok(parsed.data);
  const issues: ValidationIssue[] = parsed.error.issues.map((issue) => ({
    path: ["payload", ...toPath(issue.path)],
    message: issue.message,
    code: issue.code,
  }));
  return err(validationError(issues, `Invalid payload for job "${name}": ${describe(issues)}`));
}

function describe(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
}
