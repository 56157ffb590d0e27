/**
 * What `deleteKeysByPrefix` needs of a Redis client: SCAN with MATCH and
 * COUNT, and DEL. An ioredis `Redis` fits as is; this package depends on no
 * Redis client.
 */
export interface KeyScanner {
  scan(cursor: string, matchToken: "MATCH", pattern: string, countToken: "COUNT", count: number): Promise<[cursor: string, keys: string[]]>;
  del(...keys: string[]): Promise<number>;
}

/**
 * Deletes every key that starts with `prefix`, with SCAN + DEL in batches of
 * about 1 000 (never KEYS, so a shared server is not blocked), and answers how
 * many it deleted. For integration tests cleaning up their own prefix; `prefix`
 * must not be empty, and glob characters in it (`*?[`) act as globs.
 */
export async function deleteKeysByPrefix(redis: KeyScanner, prefix: string): Promise<number> {
  if (prefix === "") throw new Error("deleteKeysByPrefix needs a non-empty prefix (it would delete every key)");
  let removed = 0;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1_000);
    cursor = next;
    if (keys.length > 0) removed += await redis.del(...keys);
  } while (cursor !== "0");
  return removed;
}
