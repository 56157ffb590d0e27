import { type Cache, type CacheEntry, type Clock, okAsync } from "@hexkit/core";

/** Options for `createMemoryCache`. */
export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used go first. Default 10 000. */
  readonly maxEntries?: number;
  readonly clock: Clock;
}

/** The in-memory cache: the Cache port plus a size, for tests and metrics. */
export interface MemoryCache extends Cache {
  /** Entries held, expired ones not yet removed included. */
  size(): number;
  /** Removes every entry. */
  clear(): void;
}

interface Entry {
  readonly value: string;
  readonly expiresAt: number;
  readonly tags: readonly string[];
}

/**
 * A bounded LRU cache with per-entry TTL and tag invalidation, for one
 * process. Never returns an entry after its TTL (checked on every read);
 * holds at most `maxEntries`, evicting the least recently read or written
 * first; never fails. Expired entries go when read or when they reach the LRU
 * end, so memory stays bounded by `maxEntries`.
 */
export function createMemoryCache(options: MemoryCacheOptions): MemoryCache {
  const maxEntries = options.maxEntries ?? 10_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(`createMemoryCache: maxEntries must be a positive integer, got ${String(maxEntries)}`);
  }
  const { clock } = options;
  // A Map iterates in insertion order: re-inserting on use keeps the LRU entry first.
  const entries = new Map<string, Entry>();
  const byTag = new Map<string, Set<string>>();

  const untag = (key: string, entry: Entry): void => {
    for (const tag of entry.tags) {
      const keys = byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) byTag.delete(tag);
    }
  };
  const remove = (key: string): boolean => {
    const entry = entries.get(key);
    if (entry === undefined) return false;
    entries.delete(key);
    untag(key, entry);
    return true;
  };
  const read = (key: string): string | undefined => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (clock.now() >= entry.expiresAt) {
      remove(key);
      return undefined;
    }
    entries.delete(key);
    entries.set(key, entry);
    return entry.value;
  };
  const write = (entry: CacheEntry): void => {
    remove(entry.key);
    const tags = [...new Set(entry.tags ?? [])];
    entries.set(entry.key, { value: entry.value, expiresAt: clock.now() + entry.ttlMs, tags });
    for (const tag of tags) {
      let keys = byTag.get(tag);
      if (keys === undefined) byTag.set(tag, (keys = new Set()));
      keys.add(entry.key);
    }
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done === true) break;
      remove(oldest.value);
    }
  };

  return {
    get: (key) => okAsync(read(key)),
    getMany: (keys) => okAsync(keys.map(read)),
    set(key, value, ttlMs, setOptions) {
      write(setOptions?.tags === undefined ? { key, value, ttlMs } : { key, value, ttlMs, tags: setOptions.tags });
      return okAsync(undefined);
    },
    setMany(list) {
      for (const entry of list) write(entry);
      return okAsync(undefined);
    },
    delete(key) {
      remove(key);
      return okAsync(undefined);
    },
    invalidateTags(tags) {
      const now = clock.now();
      let removed = 0;
      for (const tag of tags) {
        for (const key of [...(byTag.get(tag) ?? [])]) {
          const entry = entries.get(key);
          if (entry !== undefined && remove(key) && now < entry.expiresAt) removed++;
        }
      }
      return okAsync(removed);
    },
    size: () => entries.size,
    clear() {
      entries.clear();
      byTag.clear();
    },
  };
}
