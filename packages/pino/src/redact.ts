import { serializeError } from "./serialize-error.js";

/**
 * Field names redacted by default, wherever they appear (compared in lower
 * case): credentials in headers, cookies, passwords, tokens, secrets, keys.
 */
export const defaultRedactedKeys: readonly string[] = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "password",
  "passwd",
  "passphrase",
  "token",
  "access_token",
  "accesstoken",
  "refresh_token",
  "refreshtoken",
  "id_token",
  "idtoken",
  "secret",
  "client_secret",
  "clientsecret",
  "apikey",
  "api_key",
  "api-key",
  "x-api-key",
  "private_key",
  "privatekey",
  "webhook-secret",
  "signing_secret",
  "signingsecret",
];

/** Options of `makeFieldPreparer`. */
export interface PrepareOptions {
  readonly keys: readonly string[];
  readonly censor: string;
  readonly maxDepth: number;
}

/** Turns a line's fields into what is written: errors serialised, secrets replaced. Never mutates its input. */
export type FieldPreparer = (fields: Record<string, unknown>) => Record<string, unknown>;

/**
 * Builds the function that prepares every line's fields (and every child's
 * bindings): any `Error` (and an AppError under `err`/`error`) becomes data
 * with its cause chain, and the value of every field whose name is a secret
 * name is replaced by the censor, down to `maxDepth` levels and inside
 * errors' own properties too. Copy-on-write: a line with nothing to change
 * is returned as it is, without allocating.
 */
export function makeFieldPreparer(options: PrepareOptions): FieldPreparer {
  const secretKeys = new Set(options.keys.map((k) => k.toLowerCase()));
  const { censor, maxDepth } = options;
  // Field names repeat from line to line; remembering the answer saves a
  // lower-casing (an allocation) per mixed-case key per line. Bounded, so that
  // data used as keys cannot grow it without limit.
  const known = new Map<string, boolean>();
  const isSecretKey = (key: string): boolean => {
    let secret = known.get(key);
    if (secret === undefined) {
      secret = secretKeys.has(key) || secretKeys.has(key.toLowerCase());
      if (known.size < 10_000) known.set(key, secret);
    }
    return secret;
  };

  function prepareValue(key: string, value: unknown, depth: number): unknown {
    if (isSecretKey(key)) return value === undefined ? value : censor;
    if (typeof value !== "object" || value === null) return value;
    let current = value;
    if (value instanceof Error || ((key === "err" || key === "error") && typeof (value as { _tag?: unknown })._tag === "string")) {
      current = serializeError(value) as object;
    }
    if (depth >= maxDepth) return current;
    if (Array.isArray(current)) return prepareArray(current, depth + 1);
    if (isPlain(current)) return prepareObject(current as Record<string, unknown>, depth + 1);
    return current;
  }

  function prepareArray(items: readonly unknown[], depth: number): unknown {
    let out: unknown[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const next = typeof item === "object" && item !== null ? prepareValue("", item, depth) : item;
      if (next !== item) {
        out ??= items.slice();
        out[i] = next;
      }
    }
    return out ?? items;
  }

  function prepareObject(fields: Record<string, unknown>, depth: number): Record<string, unknown> {
    let out: Record<string, unknown> | undefined;
    for (const key in fields) {
      if (!Object.hasOwn(fields, key)) continue;
      const value = fields[key];
      const next = prepareValue(key, value, depth);
      if (next !== value) {
        out ??= { ...fields };
        out[key] = next;
      }
    }
    return out ?? fields;
  }

  return (fields) => prepareObject(fields, 1);
}

// Class instances other than errors (Dates, Buffers, URLs, Maps) serialise by
// their own rules; only plain data is walked.
function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
