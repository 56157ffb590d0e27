import type { Cache, CacheEntry, CacheError, CacheSetOptions } from "@hexkit/core";
import type { Effect } from "effect";
import { fromResultAsync } from "../conversions/from-result.js";
import { PortService } from "../port-service.js";
import { serviceToPort } from "./service-to-port.js";

/** The `Cache` port as Effect methods: the same arguments, the same typed errors (`Unavailable | Timeout`). */
export interface CacheServiceShape {
  /** The value under `key`, or `undefined` when absent or expired. */
  get(key: string): Effect.Effect<string | undefined, CacheError>;
  /** The values under `keys`, in the same order (`undefined` for misses). */
  getMany(keys: readonly string[]): Effect.Effect<readonly (string | undefined)[], CacheError>;
  /** Stores `value` under `key` for `ttlMs` milliseconds (> 0), replacing any entry. */
  set(key: string, value: string, ttlMs: number, options?: CacheSetOptions): Effect.Effect<void, CacheError>;
  /** Stores several entries; each entry is independent (not a transaction). */
  setMany(entries: readonly CacheEntry[]): Effect.Effect<void, CacheError>;
  /** Removes `key`; removing an absent key succeeds. */
  delete(key: string): Effect.Effect<void, CacheError>;
  /** Removes every entry stored with any of `tags`; succeeds with how many went. */
  invalidateTags(tags: readonly string[]): Effect.Effect<number, CacheError>;
}

/**
 * The service's methods over a `Cache` adapter. Each method is lazy: running
 * the Effect calls the adapter, running it again calls it again.
 */
export function makeCacheService(cache: Cache): CacheServiceShape {
  return {
    get: (key) => fromResultAsync(() => cache.get(key)),
    getMany: (keys) => fromResultAsync(() => cache.getMany(keys)),
    set: (key, value, ttlMs, options) =>
      fromResultAsync(() => (options === undefined ? cache.set(key, value, ttlMs) : cache.set(key, value, ttlMs, options))),
    setMany: (entries) => fromResultAsync(() => cache.setMany(entries)),
    delete: (key) => fromResultAsync(() => cache.delete(key)),
    invalidateTags: (tags) => fromResultAsync(() => cache.invalidateTags(tags)),
  };
}

/**
 * A `Cache` port whose every call runs the service's Effect: hand Effect-built
 * caches to code written against the port (core's cache-aside, contract suites).
 * A defect in the service is answered as `Unavailable` naming `@hexkit/Cache`
 * (the port's union has no `Internal`), with the defect as `cause`.
 */
export function cacheFromService(service: CacheServiceShape): Cache {
  const run = serviceToPort(CacheService.key);
  return {
    get: (key) => run(service.get(key)),
    getMany: (keys) => run(service.getMany(keys)),
    set: (key, value, ttlMs, options) => run(options === undefined ? service.set(key, value, ttlMs) : service.set(key, value, ttlMs, options)),
    setMany: (entries) => run(service.setMany(entries)),
    delete: (key) => run(service.delete(key)),
    invalidateTags: (tags) => run(service.invalidateTags(tags)),
  };
}

/**
 * The `Cache` port as an Effect service (`@hexkit/Cache`).
 *
 * ```ts
 * const live = CacheService.layer(createMemoryCache({ clock }));
 * const program = Effect.gen(function* () {
 *   const cache = yield* CacheService;
 *   return yield* cache.get("k"); // Effect<string | undefined, Unavailable | Timeout>
 * });
 * ```
 */
export class CacheService extends PortService<CacheService, Cache, CacheServiceShape>()("@hexkit/Cache", makeCacheService) {
  /** See `cacheFromService`. */
  static readonly toPort: (service: CacheServiceShape) => Cache = cacheFromService;
}
