import { validationError } from "@hexkit/core";
import type { z } from "zod";

/**
 * Parses a factory's options with its schema. Invalid options are a wiring
 * mistake found at startup, not a runtime outcome, so they throw (with every
 * issue in the message and the `ValidationError` as `cause`).
 */
export function parseOptions<S extends z.ZodType>(schema: S, options: unknown, factory: string): z.output<S> {
  const parsed = schema.safeParse(options);
  if (parsed.success) return parsed.data;
  const error = validationError(
    parsed.error.issues.map((issue) => ({
      path: issue.path.map((segment) => (typeof segment === "number" ? segment : String(segment))),
      message: issue.message,
      code: issue.code,
    })),
  );
  const details = error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
  throw new Error(`${factory}: invalid options: ${details}`, { cause: error });
}
