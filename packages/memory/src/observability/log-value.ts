/** Field names whose values never reach a log line (compared lowercased, at any depth). */
export const defaultRedactKeys: readonly string[] = ["authorization", "cookie", "password", "token", "secret"];

/** What a redacted value is replaced with. */
export const redactedValue = "[REDACTED]";

const maxDepth = 10;

/**
 * Turns a value into plain JSON-safe data for a log line: errors become
 * `{ type, message, stack, …own fields, cause }` (AppErrors keep `_tag`),
 * secret fields (by name, at any depth) become `[REDACTED]`, cycles become
 * `[Circular]`, bigints become strings, functions and symbols are dropped.
 * Never throws.
 */
export function toLogValue(value: unknown, redact: ReadonlySet<string>, seen: Set<object> = new Set(), depth = 0): unknown {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object") return undefined;
  if (seen.has(value)) return "[Circular]";
  if (depth >= maxDepth) return "[Too deep]";
  seen.add(value);
  try {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
    if (Array.isArray(value)) return value.map((item: unknown) => toLogValue(item, redact, seen, depth + 1));
    const out: Record<string, unknown> = {};
    if (value instanceof Error) {
      out.type = value.name;
      out.message = value.message;
      if (value.stack !== undefined) out.stack = value.stack;
    }
    for (const [key, field] of Object.entries(value)) {
      if (redact.has(key.toLowerCase())) {
        out[key] = redactedValue;
        continue;
      }
      const converted = toLogValue(field, redact, seen, depth + 1);
      if (converted !== undefined) out[key] = converted;
    }
    // `cause` is not enumerable on Errors built with `new Error(msg, { cause })`.
    if (value instanceof Error && value.cause !== undefined && !("cause" in out)) {
      out.cause = toLogValue(value.cause, redact, seen, depth + 1);
    }
    return out;
  } catch {
    return "[Unserialisable]";
  } finally {
    seen.delete(value);
  }
}

/** `toLogValue` for a fields object: always answers a plain record. */
export function toLogRecord(fields: Readonly<Record<string, unknown>> | undefined, redact: ReadonlySet<string>): Record<string, unknown> {
  if (fields === undefined) return {};
  const converted = toLogValue(fields, redact);
  return typeof converted === "object" && converted !== null && !Array.isArray(converted)
    ? (converted as Record<string, unknown>)
    : {};
}
