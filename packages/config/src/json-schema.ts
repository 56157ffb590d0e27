import { z } from "zod";

/** A JSON Schema document (draft 2020-12), as plain data. */
export type JsonSchema = Record<string, unknown>;

function closeObjects(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) closeObjects(item);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const schema = node as Record<string, unknown>;
  // Unknown keys are rejected by loadConfig unless the object is loose or a record,
  // which zod already describes with an explicit `additionalProperties`.
  if (schema["type"] === "object" && "properties" in schema && !("additionalProperties" in schema)) {
    schema["additionalProperties"] = false;
  }
  for (const value of Object.values(schema)) closeObjects(value);
}

/**
 * The JSON Schema of the config file for `schema` (the input side: defaults
 * are optional), for editors and CI. Objects reject unknown keys, as
 * `loadConfig` does; secrets carry `"secret": true` and `"writeOnly": true`.
 */
export function configJsonSchema(schema: z.ZodType): JsonSchema {
  const out = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  closeObjects(out);
  return out;
}
