import type { Clock } from "@hexkit/core";

interface L1Entry {
  readonly value: string;
  readonly expiresAt: number;
}

/**
 * The in-process tier: a bounded map of recently read entries, each with
 * its own expiry (never later than the Redis entry's). Least recently used
 * entries go first when it is full. Synchronous and never fails.
 */
export class L1Store {
  private readonly entries = new Map<string, L1Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.clock.now() >= entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-inserting moves the key to the end: Map order is the LRU order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: string, ttlMs: number): void {
    if (ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.clock.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  deletePrefix(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
