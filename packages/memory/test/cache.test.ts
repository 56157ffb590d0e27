import { describe, expect, it } from "vitest";
import { ok } from "@hexkit/core";
import { createFakeClock } from "@hexkit/testing";
import { createMemoryCache } from "@hexkit/memory";

describe("createMemoryCache", () => {
  it("evicts the least recently used entry beyond maxEntries", async () => {
    const cache = createMemoryCache({ clock: createFakeClock(), maxEntries: 2 });
    await cache.set("a", "1", 10_000);
    await cache.set("b", "2", 10_000);
    await cache.get("a");
    await cache.set("c", "3", 10_000);
    expect(await cache.getMany(["a", "b", "c"])).toEqual(ok(["1", undefined, "3"]));
    expect(cache.size()).toBe(2);
  });

  it("counts a rewrite as a use", async () => {
    const cache = createMemoryCache({ clock: createFakeClock(), maxEntries: 2 });
    await cache.set("a", "1", 10_000);
    await cache.set("b", "2", 10_000);
    await cache.set("a", "1'", 10_000);
    await cache.set("c", "3", 10_000);
    expect(await cache.getMany(["a", "b", "c"])).toEqual(ok(["1'", undefined, "3"]));
  });

  it("forgets an evicted entry's tags", async () => {
    const cache = createMemoryCache({ clock: createFakeClock(), maxEntries: 1 });
    await cache.set("a", "1", 10_000, { tags: ["t"] });
    await cache.set("b", "2", 10_000);
    expect(await cache.invalidateTags(["t"])).toEqual(ok(0));
    expect(await cache.get("b")).toEqual(ok("2"));
  });

  it("drops the old tags when an entry is rewritten without them", async () => {
    const cache = createMemoryCache({ clock: createFakeClock() });
    await cache.set("a", "1", 10_000, { tags: ["t"] });
    await cache.set("a", "2", 10_000);
    expect(await cache.invalidateTags(["t"])).toEqual(ok(0));
    expect(await cache.get("a")).toEqual(ok("2"));
  });

  it("removes an expired entry when it is read", async () => {
    const clock = createFakeClock();
    const cache = createMemoryCache({ clock });
    await cache.set("a", "1", 100);
    await clock.advance(100);
    expect(await cache.get("a")).toEqual(ok(undefined));
    expect(cache.size()).toBe(0);
  });

  it("does not count expired entries removed by a tag", async () => {
    const clock = createFakeClock();
    const cache = createMemoryCache({ clock });
    await cache.set("old", "1", 100, { tags: ["t"] });
    await cache.set("new", "2", 10_000, { tags: ["t"] });
    await clock.advance(150);
    expect(await cache.invalidateTags(["t"])).toEqual(ok(1));
    expect(cache.size()).toBe(0);
  });

  it("empties on clear", async () => {
    const cache = createMemoryCache({ clock: createFakeClock() });
    await cache.set("a", "1", 10_000, { tags: ["t"] });
    cache.clear();
    expect(cache.size()).toBe(0);
    expect(await cache.invalidateTags(["t"])).toEqual(ok(0));
  });

  it("refuses a maxEntries that is not a positive integer", () => {
    expect(() => createMemoryCache({ clock: createFakeClock(), maxEntries: 0 })).toThrow(RangeError);
  });
});
