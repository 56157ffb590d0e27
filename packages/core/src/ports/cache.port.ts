import type { Timeout, Unavailable } from "../errors.js";
import type { ResultAsync } from "../result.js";

/**
 * A shared key-value cache with per-entry TTL and tag invalidation.
 * Values are strings: encoding and schema checks belong to the caller (see
 * `getOrSet` in the cache-aside policy). A cache may forget an entry at any
 * time (eviction); it never returns an entry after its TTL has passed.
 */
export interface Cache {
  /** The value under `key`, or `undefined` when absent or expired. */
  get(key: string): ResultAsync<string | undefined, CacheError>;
  /** The values under `keys`, in the same order (`undefined` for misses). */
  getMany(keys: readonly string[]): ResultAsync<readonly (string | undefined)[], CacheError>;
  /** Stores `value` under `key` for `ttlMs` milliseconds (> 0), replacing any entry. */
  set(key: string, value: string, ttlMs: number, options?: CacheSetOptions): ResultAsync<void, CacheError>;
  /** Stores several entries; each entry is independent (not a transaction). */
  setMany(entries: readonly CacheEntry[]): ResultAsync<void, CacheError>;
  /** Removes `key`; removing an absent key succeeds. */
  delete(key: string): ResultAsync<void, CacheError>;
  /** Removes every entry stored with any of `tags`. Returns how many entries went. */
  invalidateTags(tags: readonly string[]): ResultAsync<number, CacheError>;
}

export interface CacheSetOptions {
  /** Tags to invalidate this entry by, e.g. `tenant:t1`. */
  readonly tags?: readonly string[];
}

export interface CacheEntry extends CacheSetOptions {
  readonly key: string;
  readonly value: string;
  readonly ttlMs: number;
}

/** A cache fails only because its store is down or slow. */
export type CacheError = Unavailable | Timeout;
