import type { Internal, Timeout, Unavailable, ValidationError } from "../errors.js";
import type { Cache } from "../ports/cache.port.js";
import type { Clock } from "../ports/clock.port.js";
import type { Lock } from "../ports/lock.port.js";
import type { Result, ResultAsync } from "../result.js";
import type { Random } from "./retry.js";

/** How one `getOrSet` call caches its key. Times in ms. */
export interface GetOrSetOptions<T> {
  /** How long a loaded value is fresh (> 0), before jitter. */
  readonly ttlMs: number;
  /**
   * Stale-while-revalidate window after the fresh time (default 0). A read in
   * this window answers the stale value at once and refreshes it in the
   * background. The cache keeps each entry for `ttlMs + staleMs`.
   */
  readonly staleMs?: number;
  /**
   * Fraction in [0, 1] (default 0): the fresh time is drawn uniformly from
   * [ttlMs × (1 − ttlJitter), ttlMs], so keys filled together do not expire
   * together. Jitter only shortens: a value is never fresh longer than `ttlMs`.
   */
  readonly ttlJitter?: number;
  /** When set, a `NotFound` from `load` is cached for this long and answered as `Err(NotFound)`. */
  readonly negativeTtlMs?: number;
  /** Checks a cached value. A failure makes the entry a miss (reported as `decode_error`), never a crash. */
  readonly decode: (raw: unknown) => Result<T, ValidationError>;
  /** Maps a value to a JSON-compatible one before `JSON.stringify` (default: the value itself). */
  readonly encode?: (value: T) => unknown;
  /** Tags stored with the entry, for `Cache.invalidateTags`. */
  readonly tags?: readonly string[];
  /** With a Lock: how long the cross-process fill lock lives (default 10 000); longer than a slow load. */
  readonly lockTtlMs?: number;
  /** With a Lock: how often a waiting process re-reads the cache (default 50). */
  readonly pollMs?: number;
  /** With a Lock: how long a process waits for another's fill before loading itself (default 5 000). */
  readonly waitMs?: number;
}

/** Defaults of the lock timings in `GetOrSetOptions`, in ms. */
export const cacheAsideLockDefaults = { lockTtlMs: 10_000, pollMs: 50, waitMs: 5_000 } as const;

/** Which step failed in a `cache_error` event. `encode` means the value could not be serialised. */
export type CacheAsideOperation = "get" | "set" | "lock" | "unlock" | "encode";

/**
 * What happened inside `getOrSet`, for logs and metrics. `background` marks a
 * stale-while-revalidate refresh; `negative` marks a cached `NotFound`.
 */
export type CacheAsideEvent =
  | { readonly type: "hit"; readonly key: string; readonly negative: boolean }
  | { readonly type: "stale"; readonly key: string; readonly negative: boolean }
  | { readonly type: "miss"; readonly key: string }
  | { readonly type: "load"; readonly key: string; readonly durationMs: number; readonly background: boolean }
  | { readonly type: "load_error"; readonly key: string; readonly error: unknown; readonly background: boolean }
  | { readonly type: "decode_error"; readonly key: string; readonly error: ValidationError }
  | {
      readonly type: "cache_error";
      readonly key: string;
      readonly operation: CacheAsideOperation;
      readonly error: Unavailable | Timeout | Internal;
    }
  | { readonly type: "lock_wait"; readonly key: string; readonly waitedMs: number; readonly filled: boolean };

/** What cache-aside needs: a Cache and a Clock; a Lock to single-flight across processes. */
export interface CacheAsideDeps {
  readonly cache: Cache;
  readonly clock: Clock;
  /** When given, concurrent misses in different processes share one load (see `createCacheAside`). */
  readonly lock?: Lock;
  /** Uniform in [0, 1); drives TTL jitter. Default `Math.random`. */
  readonly random?: Random;
  /** Told about every hit, miss, load and failure. Must not throw (a throw is swallowed). */
  readonly onEvent?: (event: CacheAsideEvent) => void;
}

/** The cache-aside policy bound to its dependencies. */
export interface CacheAside {
  /**
   * The value under `key`: from the cache when fresh (or stale, refreshing in
   * the background), else from `load`, which is then cached. `load`'s `Err`
   * is returned as is and not cached (except `NotFound` with `negativeTtlMs`).
   */
  getOrSet<T, E>(key: string, load: () => ResultAsync<T, E>, options: GetOrSetOptions<T>): ResultAsync<T, E>;
}

