import { type Result, err, ok, validationError, type ValidationError } from "@hexkit/core";
import type { z } from "zod";

/**
 * Parses an adapter's options with its zod schema. Every issue is kept (never
 * only the first), each with its path under `source` (e.g. `redisCache.ttlMs`)
 * so a bad config line is easy to find.
 */
export function validateOptions<S extends z.ZodType>(
  schema: S,
  input: unknown,
  source: string,
): Result<z.output<S>, ValidationError> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.filter((p): p is string | number => typeof p !== "symbol"),
    message: issue.message,
    code: issue.code,
    source,
  }));
  return err(validationError(issues, `Invalid ${source} options: ${issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`));
}
