import type { z } from "zod";
import type { AnySchema } from "./schema-walk.js";
import { unwrap } from "./schema-walk.js";

/**
 * Marks a setting as secret: `print` shows it as `[redacted]`, error messages
 * never echo its value, the Markdown reference documents its `_FILE` variable,
 * and the JSON Schema carries `"secret": true, "writeOnly": true`.
 * Same as `.meta({ secret: true, writeOnly: true })`; keeps any earlier metadata.
 */
export function secret<S extends z.ZodType>(schema: S): S {
  return schema.meta({ secret: true, writeOnly: true });
}

/** True when `schema` (or one of its wrappers) is marked secret. */
export function isSecret(schema: AnySchema): boolean {
  return unwrap(schema).secret;
}
