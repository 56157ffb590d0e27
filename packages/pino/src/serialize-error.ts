/**
 * Errors as data for a log line: `type`, `message`, `stack`, their own
 * properties (`code`, `dependency`, …) and the `cause` chain, serialised the
 * same way all the way down. Works for `Error`s and for hexkit's AppError
 * values (plain objects with a `_tag`). Cycles and very deep chains end in a
 * marker instead of recursing forever.
 */
export type SerializedError = Record<string, unknown>;

/** Causes followed before the chain is cut. */
const maxCauseDepth = 16;

/** True for an Error, or an object that looks like one (a string `message`). */
export function isErrorLike(value: unknown): value is { readonly message: string } {
  return value instanceof Error || (typeof value === "object" && value !== null && typeof (value as { message?: unknown }).message === "string");
}

function typeOf(value: object): string {
  const tag = (value as { _tag?: unknown })._tag;
  if (typeof tag === "string") return tag;
  if (value instanceof Error) return value.constructor.name === "Error" ? value.name : value.constructor.name;
  return "Object";
}

function serializeValue(value: unknown, seen: Set<object>, depth: number): unknown {
  if (value instanceof Error || (isErrorLike(value) && typeof (value as { _tag?: unknown })._tag === "string")) {
    return serializeAt(value, seen, depth);
  }
  return value;
}

function serializeAt(error: object, seen: Set<object>, depth: number): SerializedError {
  if (seen.has(error)) return { type: typeOf(error), message: "[Circular]" };
  if (depth > maxCauseDepth) return { type: typeOf(error), message: "[cause chain too deep]" };
  seen.add(error);
  const source = error as Record<string, unknown>;
  const out: SerializedError = { type: typeOf(error), message: source["message"] };
  if (typeof source["_tag"] === "string") out["_tag"] = source["_tag"];
  if (typeof source["stack"] === "string") out["stack"] = source["stack"];
  for (const key of Object.keys(source)) {
    if (key === "cause" || key === "errors" || key === "message" || key === "stack" || key === "_tag") continue;
    out[key] = serializeValue(source[key], seen, depth + 1);
  }
  if (Array.isArray(source["errors"])) {
    out["errors"] = (source["errors"] as unknown[]).map((inner) => serializeValue(inner, seen, depth + 1));
  }
  if ("cause" in source && source["cause"] !== undefined) {
    const cause = source["cause"];
    out["cause"] = typeof cause === "object" && cause !== null && isErrorLike(cause) ? serializeAt(cause, seen, depth + 1) : cause;
  }
  seen.delete(error);
  return out;
}

/** Serialises an error (or AppError) and its cause chain; anything else is returned as it is. */
export function serializeError(value: unknown): unknown {
  if (typeof value !== "object" || value === null || !isErrorLike(value)) return value;
  return serializeAt(value, new Set(), 0);
}
