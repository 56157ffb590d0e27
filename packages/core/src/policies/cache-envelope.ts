import { type NotFound, type ValidationError, invalid } from "../errors.js";
import { type Result, err, ok } from "../result.js";

/**
 * What cache-aside stores under a key: the encoded value (or a remembered
 * `NotFound`) and the epoch ms until which it is fresh. Freshness lives in the
 * value, not only in the cache's TTL, because the cache keeps the entry for
 * the stale window too and the reader must tell fresh from stale.
 *
 * The type is the wire form itself (JSON): `{ "v": <encoded value>, "f": <freshUntil> }`,
 * or `{ "n": <NotFound>, "f": <freshUntil> }` for a negative entry, so a read
 * hands on the parsed object without copying it (the hit path's only parse).
 */
export type CacheEnvelope = ValueEnvelope | NegativeEnvelope;

/** A cached value: `v` is what `encode` returned (absent when that was `undefined`), `f` the fresh end in epoch ms. */
export interface ValueEnvelope {
  readonly v?: unknown;
  readonly f: number;
}

/** A cached `NotFound` (negative caching), fresh until `f` (epoch ms). */
export interface NegativeEnvelope {
  readonly n: NotFound;
  readonly f: number;
}

/** True for a negative entry. */
export const isNegative = (envelope: CacheEnvelope): envelope is NegativeEnvelope => "n" in envelope;

/** Serialises an envelope; throws only when the encoded value is not JSON-serialisable. */
export function writeEnvelope(envelope: CacheEnvelope): string {
  return JSON.stringify(envelope);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

const hasFreshUntil = (value: unknown): value is Record<string, unknown> & { readonly f: number } =>
  isRecord(value) && typeof value.f === "number" && Number.isFinite(value.f);

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
  if (!hasFreshUntil(parsed)) {
    return err(invalid(["f"], "Cached value is not a cache-aside envelope", "invalid_envelope"));
  }
  if ("n" in parsed) {
    const error = readNotFound(parsed.n);
    return error === undefined
      ? err(invalid(["n"], "Cached negative entry is not a NotFound error", "invalid_envelope"))
      : ok({ n: error, f: parsed.f });
  }
  // The parsed object is the envelope: extra members another writer added are ignored, never copied.
  return ok(parsed);
}
