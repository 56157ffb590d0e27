import { describe, expect, it } from "vitest";
import { deleteKeysByPrefix, type KeyScanner } from "@hexkit/testing";

/** A keyspace that answers SCAN in pages of two keys, as a server may, and records every call. */
function fakeRedis(keys: readonly string[]): KeyScanner & { readonly keys: Set<string>; readonly calls: string[] } {
  const store = new Set(keys);
  const calls: string[] = [];
  return {
    keys: store,
    calls,
    scan: (cursor, _match, pattern, _count, count) => {
      calls.push(`SCAN ${cursor} MATCH ${pattern} COUNT ${count}`);
      const all = [...keys];
      const start = Number(cursor);
      const page = all.slice(start, start + 2).filter((key) => store.has(key) && key.startsWith(pattern.slice(0, -1)));
      const next = start + 2 >= all.length ? "0" : String(start + 2);
      return Promise.resolve([next, page]);
    },
    del: (...doomed) => {
      calls.push(`DEL ${doomed.join(" ")}`);
      return Promise.resolve(doomed.filter((key) => store.delete(key)).length);
    },
  };
}

describe("deleteKeysByPrefix", () => {
  it("deletes every key under the prefix across SCAN pages and answers how many", async () => {
    const redis = fakeRedis(["t:a", "other", "t:b", "t:c", "t", "t:d"]);
    expect(await deleteKeysByPrefix(redis, "t:")).toBe(4);
    expect([...redis.keys]).toEqual(["other", "t"]);
    expect(redis.calls.filter((call) => call.startsWith("SCAN"))).toEqual([
      "SCAN 0 MATCH t:* COUNT 1000",
      "SCAN 2 MATCH t:* COUNT 1000",
      "SCAN 4 MATCH t:* COUNT 1000",
    ]);
  });

  it("sends no DEL when nothing matches", async () => {
    const redis = fakeRedis(["a", "b"]);
    expect(await deleteKeysByPrefix(redis, "t:")).toBe(0);
    expect(redis.calls.some((call) => call.startsWith("DEL"))).toBe(false);
  });

  it("refuses an empty prefix", async () => {
    const redis = fakeRedis(["a"]);
    await expect(deleteKeysByPrefix(redis, "")).rejects.toThrow("non-empty prefix");
    expect([...redis.keys]).toEqual(["a"]);
  });
});
