import type { NotFound } from "../errors.js";
import type { CacheError } from "../ports/cache.port.js";
import type { Clock } from "../ports/clock.port.js";
import { type Result, err } from "../result.js";
import type { CacheAsideEvent, GetOrSetOptions } from "./cache-aside-options.js";
import { isNegative, readEnvelope } from "./cache-envelope.js";

/** A usable entry: its value (or cached `NotFound`) and whether it is still fresh. */
export interface Found<T> {
  readonly fresh: boolean;
  readonly negative: boolean;
  readonly result: Result<T, NotFound>;
}

/** What one cache read means for a key: a usable entry, nothing usable (`miss`), or a cache that failed (`down`). */
export type Lookup<T> = Found<T> | "miss" | "down";

/** Where cache-aside reports what happened; never throws (the caller guards it). */
export type EmitEvent = (event: CacheAsideEvent) => void;

/**
 * Classifies one cache read of `key`: the synchronous half of a lookup,
 * shared by the hit path and the lock-wait polls. A failed read is `down`
 * (reported as `cache_error`); a corrupt, foreign or wrong-shaped entry is a
 * `miss` (reported as `decode_error`); an entry past its own stale end is a
 * `miss` even when a cache kept it too long. Reads the clock only when there
 * is an entry.
 */
export function classifyRead<T>(
  got: Result<string | undefined, CacheError>,
  key: string,
  options: GetOrSetOptions<T>,
  clock: Clock,
  emit: EmitEvent,
): Lookup<T> {
  if (got.isErr()) {
    emit({ type: "cache_error", key, operation: "get", error: got.error });
    return "down";
  }
  if (got.value === undefined) return "miss";
  const envelope = readEnvelope(got.value);
  if (envelope.isErr()) {
    emit({ type: "decode_error", key, error: envelope.error });
    return "miss";
  }
  const entry = envelope.value;
  const now = clock.now();
  if (isNegative(entry)) return now < entry.f ? { fresh: true, negative: true, result: err(entry.n) } : "miss";
  if (now >= entry.f + (options.staleMs ?? 0)) return "miss";
  const decoded = options.decode(entry.v);
  if (decoded.isErr()) {
    emit({ type: "decode_error", key, error: decoded.error });
    return "miss";
  }
  // An Ok carries no error, so the decoder's Ok stands for ours without a copy.
  return { fresh: now < entry.f, negative: false, result: decoded as Result<T, never> };
}
