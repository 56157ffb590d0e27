import type { CacheAsideEvent, Logger, Metrics } from "@hexkit/core";
import { latencyBucketsMs } from "@hexkit/core";

/**
 * Turns core's cache-aside events into metrics and logs:
 * - `hexkit_cache_aside_events_total{cache,event}`: `hit`, `stale`, `miss`,
 *   `load`, `load_error`, `decode_error`, `cache_error`, `lock_wait`
 *   (cache-aside hit ratio: `hit / (hit + stale + miss)`, stale counting as served)
 * - `hexkit_cache_aside_load_duration_ms{cache}`: how long loads took
 * `cache_error` and `decode_error` are logged at warn, with the key.
 * Returns `undefined` when there is nothing to tell (the hot path then skips it).
 */
export function cacheAsideObserver(
  cache: string,
  metrics: Metrics | undefined,
  logger: Logger | undefined,
): ((event: CacheAsideEvent) => void) | undefined {
  if (metrics === undefined && logger === undefined) return undefined;
  const events = metrics?.counter({
    name: "hexkit_cache_aside_events_total",
    help: "What cache-aside did, by event (hit, stale, miss, load, load_error, decode_error, cache_error, lock_wait).",
    labelNames: ["cache", "event"],
  });
  const loads = metrics?.histogram({
    name: "hexkit_cache_aside_load_duration_ms",
    help: "Duration of cache-aside loads (the source of truth), in ms.",
    labelNames: ["cache"],
    buckets: latencyBucketsMs,
  });
  return (event) => {
    events?.inc({ cache, event: event.type });
    if (event.type === "load") loads?.observe(event.durationMs, { cache });
    else if (event.type === "cache_error") logger?.warn("cache-aside could not use the cache", { cache, key: event.key, operation: event.operation, err: event.error });
    else if (event.type === "decode_error") logger?.warn("cache-aside found an entry it cannot decode", { cache, key: event.key, err: event.error });
  };
}
