/**
 * What an L1 tier learns from the invalidation channel: which instance made
 * the change (`origin`), and the keys it changed. Written by the cache's Lua
 * scripts as `{"o": origin, "k": [keys]}` (cjson encodes an empty list as `{}`).
 */
export interface InvalidationMessage {
  readonly origin: string;
  readonly keys: readonly string[];
}

/** Reads a message; anything else is `undefined` (the caller then drops its whole L1 to be safe). */
export function parseInvalidation(text: string): InvalidationMessage | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const { o, k } = parsed as { o?: unknown; k?: unknown };
    if (typeof o !== "string") return undefined;
    if (Array.isArray(k) && k.every((x) => typeof x === "string")) return { origin: o, keys: k };
    if (typeof k === "object" && k !== null && Object.keys(k).length === 0) return { origin: o, keys: [] };
    return undefined;
  } catch {
    return undefined;
  }
}

/** The message form, for publishing from TypeScript (prefix invalidation). */
export function formatInvalidation(message: InvalidationMessage): string {
  return JSON.stringify({ o: message.origin, k: message.keys });
}
