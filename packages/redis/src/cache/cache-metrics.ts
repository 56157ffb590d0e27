import type { Metrics } from "@hexkit/core";

/** Histogram buckets for cache operations, in ms: Redis answers in well under a millisecond on a LAN. */
export const cacheLatencyBucketsMs: readonly number[] = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000];

/**
 * The cache's instruments. Names (all labelled with `cache`, the cache's name):
 * - `hexkit_cache_hits_total{cache,tier}`: keys found (`tier` = `l1` or `redis`)
 * - `hexkit_cache_misses_total{cache,tier}`: keys not found
 * - `hexkit_cache_errors_total{cache,operation,error}`: failed operations by error tag
 * - `hexkit_cache_operation_duration_ms{cache,operation}`: latency histogram
 * Hit ratio of the shared tier: `hits{tier="redis"} / (hits{tier="redis"} + misses{tier="redis"})`.
 */
export interface CacheMetrics {
  hits(tier: "l1" | "redis", n: number): void;
  misses(tier: "l1" | "redis", n: number): void;
  error(operation: string, tag: string): void;
  latency(operation: string, ms: number): void;
}

/** Instruments on `metrics`, or `undefined` when there is none (so the hot path skips all of it). */
export function createCacheMetrics(metrics: Metrics | undefined, cache: string): CacheMetrics | undefined {
  if (metrics === undefined) return undefined;
  const hits = metrics.counter({ name: "hexkit_cache_hits_total", help: "Cache lookups that found the key.", labelNames: ["cache", "tier"] });
  const misses = metrics.counter({ name: "hexkit_cache_misses_total", help: "Cache lookups that did not find the key.", labelNames: ["cache", "tier"] });
  const errors = metrics.counter({ name: "hexkit_cache_errors_total", help: "Cache operations that failed, by error tag.", labelNames: ["cache", "operation", "error"] });
  const latency = metrics.histogram({
    name: "hexkit_cache_operation_duration_ms",
    help: "Latency of cache operations against Redis, in ms.",
    labelNames: ["cache", "operation"],
    buckets: cacheLatencyBucketsMs,
  });
  return {
    hits: (tier, n) => {
      if (n > 0) hits.inc({ cache, tier }, n);
    },
    misses: (tier, n) => {
      if (n > 0) misses.inc({ cache, tier }, n);
    },
    error: (operation, tag) => {
      errors.inc({ cache, operation, error: tag });
    },
    latency: (operation, ms) => {
      latency.observe(ms, { cache, operation });
    },
  };
}
