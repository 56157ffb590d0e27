/**
 * Where the cache keeps things under its `keyPrefix` P:
 *   P v:<key>  the entry's value (a string with a PX TTL)
 *   P g:<key>  the entry's tags, `\0a\0b\0` (same TTL), only for tagged entries
 *   P t:<tag>  the set of keys stored with `tag` (TTL ≥ its longest-lived member's)
 * Separate namespaces keep user keys, tag records and tag sets from ever colliding.
 */
export interface CacheKeys {
  readonly prefix: string;
  value(key: string): string;
  record(key: string): string;
  tagSet(tag: string): string;
  /** A SCAN MATCH pattern for every value key starting with `keyPrefix`. */
  valuePattern(keyPrefix: string): string;
}

/** Escapes the glob characters SCAN MATCH understands, so a prefix is matched literally. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/gu, (c) => `\\${c}`);
}

/** The key layout for a cache under `prefix`. */
export function cacheKeys(prefix: string): CacheKeys {
  const v = `${prefix}v:`;
  const g = `${prefix}g:`;
  const t = `${prefix}t:`;
  return {
    prefix,
    value: (key) => v + key,
    record: (key) => g + key,
    tagSet: (tag) => t + tag,
    valuePattern: (keyPrefix) => `${escapeGlob(v + keyPrefix)}*`,
  };
}

/** The tags record stored beside a tagged entry: every tag wrapped in NULs, so a plain find matches whole tags only. */
export function tagsRecord(tags: readonly string[]): string {
  return tags.length === 0 ? "" : `\0${tags.join("\0")}\0`;
}
