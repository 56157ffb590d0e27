import { z } from "zod";

/** A JSON Schema document (draft 2020-12), as plain data. */
export type JsonSchema = Record<string, unknown>;

function closeObjects(node: unknown, keepRequired: boolean): void {
  if (Array.isArray(node)) {
    for (const item of node) closeObjects(item, keepRequired);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const schema = node as Record<string, unknown>;
  // Unknown keys are rejected by loadConfig unless the object is loose or a record,
  // which zod already describes with an explicit `additionalProperties`.
  if (schema["type"] === "object" && "properties" in schema && !("additionalProperties" in schema)) {
    schema["additionalProperties"] = false;
  }
  // The file is one source of several: a required setting may come from a variable.
  if (!keepRequired && Array.isArray(schema["required"])) delete schema["required"];
  for (const value of Object.values(schema)) closeObjects(value, keepRequired);
}

/** Options of `configJsonSchema`. */
export interface ConfigJsonSchemaOptions {
  /**
   * Keep zod's `required` lists. Default false: the file is one source among
   * several (a required setting may come from a variable or a secret file), so
   * an editor should not flag a file that leaves it out.
   */
  readonly keepRequired?: boolean;
}

/**
 * The JSON Schema (draft 2020-12) of the config file for `schema`, for
 * editors and CI. It describes the input side (settings with defaults are
 * optional); objects reject unknown keys, as `loadConfig` does; secrets carry
 * `"secret": true` and `"writeOnly": true`. A new object on every call.
 */
export function configJsonSchema(schema: z.ZodType, options: ConfigJsonSchemaOptions = {}): JsonSchema {
  const out = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  closeObjects(out, options.keepRequired === true);
  return out;
}
