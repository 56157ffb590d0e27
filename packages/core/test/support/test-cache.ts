import { type Cache, type CacheEntry, type CacheError, type CacheSetOptions, type Clock, ResultAsync, errAsync, okAsync, unavailable } from "../../src/index.js";

interface Stored {
  readonly value: string;
  readonly expiresAt: number;
  readonly tags: readonly string[];
}

/** A Map-backed Cache over a Clock, with switches to fail reads or writes. */
export class TestCache implements Cache {
  readonly entries = new Map<string, Stored>();
  /** Every `set` call, in order: the TTL and options cache-aside chose are asserted on. */
  readonly writes: { key: string; value: string; ttlMs: number; options: CacheSetOptions | undefined }[] = [];
  failReads = false;
  failWrites = false;

  constructor(private readonly clock: Clock) {}

  private down(): ResultAsync<never, CacheError> {
    return errAsync(unavailable("test-cache"));
  }

  get(key: string): ResultAsync<string | undefined, CacheError> {
    if (this.failReads) return this.down();
    const entry = this.entries.get(key);
    if (entry === undefined || entry.expiresAt <= this.clock.now()) return okAsync(undefined);
    return okAsync(entry.value);
  }

  getMany(keys: readonly string[]): ResultAsync<readonly (string | undefined)[], CacheError> {
    return ResultAsync.combine(keys.map((k) => this.get(k)));
  }

  set(key: string, value: string, ttlMs: number, options?: CacheSetOptions): ResultAsync<void, CacheError> {
    this.writes.push({ key, value, ttlMs, options });
    if (this.failWrites) return this.down();
    this.entries.set(key, { value, expiresAt: this.clock.now() + ttlMs, tags: options?.tags ?? [] });
    return okAsync(undefined);
  }

  setMany(entries: readonly CacheEntry[]): ResultAsync<void, CacheError> {
    return ResultAsync.combine(entries.map((e) => this.set(e.key, e.value, e.ttlMs, e))).map(() => undefined);
  }

  delete(key: string): ResultAsync<void, CacheError> {
    this.entries.delete(key);
    return okAsync(undefined);
  }

  invalidateTags(tags: readonly string[]): ResultAsync<number, CacheError> {
    let n = 0;
    for (const [key, entry] of this.entries) {
      if (entry.tags.some((t) => tags.includes(t))) {
        this.entries.delete(key);
        n++;
      }
    }
    return okAsync(n);
  }
}
