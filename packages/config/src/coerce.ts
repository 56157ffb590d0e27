import type { AnySchema } from "./schema-walk.js";
import { unwrap } from "./schema-walk.js";

const truthy = new Set(["true", "1", "yes", "on"]);
const falsy = new Set(["false", "0", "no", "off"]);
const numeric = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

function coerceNumber(raw: string): unknown {
  const trimmed = raw.trim();
  return numeric.test(trimmed) ? Number(trimmed) : raw;
}

function coerceJson(raw: string, opening: string): unknown {
  if (!raw.trimStart().startsWith(opening)) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Turns the text of an environment variable (or secret file) into a value of
 * the type `schema` expects: numbers, booleans (`true/false/1/0/yes/no/on/off`),
 * lists (JSON `[…]` or comma-separated), mappings (JSON `{…}`), `null` for a
 * nullable setting. Text that does not fit is returned unchanged, so that
 * validation reports it with the type that was expected.
 */
export function coerceText(schema: AnySchema | undefined, raw: string): unknown {
  if (schema === undefined) return raw;
  const { node, nullable } = unwrap(schema);
  if (nullable && raw === "null" && node.kind !== "string") return null;
  switch (node.kind) {
    case "number":
      return coerceNumber(raw);
    case "bigint":
      return /^[-+]?\d+$/.test(raw.trim()) ? BigInt(raw.trim()) : raw;
    case "boolean": {
      const lower = raw.trim().toLowerCase();
      if (truthy.has(lower)) return true;
      if (falsy.has(lower)) return false;
      return raw;
    }
    case "null":
      return raw === "null" || raw === "" ? null : raw;
    case "enum":
    case "literal": {
      const values: readonly unknown[] = node.values;
      if (values.includes(raw)) return raw;
      const asNumber = coerceNumber(raw);
      if (typeof asNumber === "number" && values.includes(asNumber)) return asNumber;
      const lower = raw.trim().toLowerCase();
      if ((lower === "true" || lower === "false") && values.includes(lower === "true")) return lower === "true";
      return raw;
    }
    case "array": {
      const json = coerceJson(raw, "[");
      if (Array.isArray(json)) return json;
      if (raw.trim() === "") return [];
      return raw.split(",").map((item) => coerceText(node.element, item.trim()));
    }
    case "object":
    case "record":
      return coerceJson(raw, "{") ?? raw;
    case "union": {
      // The first option that accepts its own coercion of the text wins.
      for (const option of node.options) {
        const value = coerceText(option, raw);
        const result = option["~standard"].validate(value);
        if (!(result instanceof Promise) && result.issues === undefined) return value;
      }
      return raw;
    }
    default:
      return raw;
  }
}
