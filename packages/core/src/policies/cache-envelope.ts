import { type NotFound, type ValidationError, invalid } from "../errors.js";
import { type Result, err, ok } from "../result.js";

/**
 * What cache-aside stores under a key: the encoded value (or a remembered
 * `NotFound`) and the epoch ms until which it is fresh. Freshness lives in the
 * value, not only in the cache's TTL, because the cache keeps the entry for
 * the stale window too and the reader must tell fresh from stale.
 *
 * Wire form (JSON): `{ "v": <encoded value>, "f": <freshUntil> }`, or
 * `{ "n": <NotFound>, "f": <freshUntil> }` for a negative entry.
 */
export type CacheEnvelope =
  | { readonly kind: "value"; readonly raw: unknown; readonly freshUntil: number }
  | { readonly kind: "negative"; readonly error: NotFound; readonly freshUntil: number };

/** Serialises an envelope; throws only when the encoded value is not JSON-serialisable. */
export function writeEnvelope(envelope: CacheEnvelope): string {
  return envelope.kind === "value"
    ? JSON.stringify({ v: envelope.raw, f: envelope.freshUntil })
    : JSON.stringify({ n: envelope.error, f: envelope.freshUntil });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

function readNotFound(value: unknown): NotFound | undefined {
  if (!isRecord(value) || value._tag !== "NotFound") return undefined;
  const { message, resource, id } = value;
  if (typeof message !== "string" || typeof resource !== "string") return undefined;
  if (id !== undefined && typeof id !== "string") return undefined;
  return id === undefined ? { _tag: "NotFound", message, resource } : { _tag: "NotFound", message, resource, id };
}

/**
 * Parses what a cache returned. Never throws: anything that is not an
 * envelope written by `writeEnvelope` (corrupt JSON, another writer's format)
 * is a `ValidationError`, which cache-aside treats as a miss.
 */
export function readEnvelope(text: string): Result<CacheEnvelope, ValidationError> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return err(invalid([], "Cached value is not valid JSON", "invalid_json"));
  }
  if (!isRecord(parsed) || typeof parsed.f !== "number" || !Number.isFinite(parsed.f)) {
    return err(invalid(["f"], "Cached value is not a cache-aside envelope", "invalid_envelope"));
  }
  if ("n" in parsed) {
    const error = readNotFound(parsed.n);
    return error === undefined
      ? err(invalid(["n"], "Cached negative entry is not a NotFound error", "invalid_envelope"))
      : ok({ kind: "negative", error, freshUntil: parsed.f });
  }
  return ok({ kind: "value", raw: parsed.v, freshUntil: parsed.f });
}
