import { type Cache, ok } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { type ContractSetup, useHarness } from "./harness.js";

/**
 * The Cache port's specification, as tests. Every Cache adapter runs it:
 * `cacheContract("redis", async () => ({ subject, advance, teardown }))`.
 *
 * Guarantees checked: get/set/delete, getMany/setMany, overwrite, TTL expiry
 * (never an entry after its TTL), delete of an absent key succeeds, tag
 * invalidation removes only tagged entries and counts them, empty, unicode
 * and large (1 MiB) values round-trip byte for byte.
 *
 * Durations are short (TTL 100 ms, checks 250 ms later) so that a real store
 * passes with real sleeps. Eviction is allowed by the port, so the suite never
 * writes more than a few entries.
 */
export function cacheContract(adapterName: string, setup: ContractSetup<Cache>): void {
  describe(`Cache contract: ${adapterName}`, () => {
    const harness = useHarness(setup);
    const cache = (): Cache => harness().subject;

    it("returns undefined for a key never set", async () => {
      expect(await cache().get("missing")).toEqual(ok(undefined));
    });

    it("returns the value that was set", async () => {
      expect(await cache().set("k", "v", 10_000)).toEqual(ok(undefined));
      expect(await cache().get("k")).toEqual(ok("v"));
    });

    it("replaces the value on a second set", async () => {
      await cache().set("k", "first", 10_000);
      await cache().set("k", "second", 10_000);
      expect(await cache().get("k")).toEqual(ok("second"));
    });

    it("keeps an entry before its TTL passes", async () => {
      await cache().set("k", "v", 5_000);
      await harness().advance(100);
      expect(await cache().get("k")).toEqual(ok("v"));
    });

    it("returns undefined after the TTL passes", async () => {
      await cache().set("k", "v", 100);
      await harness().advance(250);
      expect(await cache().get("k")).toEqual(ok(undefined));
      expect(await cache().getMany(["k"])).toEqual(ok([undefined]));
    });

    it("restarts the TTL when an entry is overwritten", async () => {
      await cache().set("k", "short", 100);
      await cache().set("k", "long", 10_000);
      await harness().advance(250);
      expect(await cache().get("k")).toEqual(ok("long"));
    });

    it("removes an entry on delete", async () => {
      await cache().set("k", "v", 10_000);
      expect(await cache().delete("k")).toEqual(ok(undefined));
      expect(await cache().get("k")).toEqual(ok(undefined));
    });

    it("succeeds when deleting an absent key", async () => {
      expect(await cache().delete("never-set")).toEqual(ok(undefined));
    });

    it("answers getMany in the order asked, with undefined for misses", async () => {
      await cache().set("a", "1", 10_000);
      await cache().set("c", "3", 10_000);
      expect(await cache().getMany(["c", "b", "a", "c"])).toEqual(ok(["3", undefined, "1", "3"]));
    });

    it("answers getMany of no keys with an empty list", async () => {
      expect(await cache().getMany([])).toEqual(ok([]));
    });

    it("stores every entry of setMany, each with its own TTL", async () => {
      expect(
        await cache().setMany([
          { key: "short", value: "s", ttlMs: 100 },
          { key: "long", value: "l", ttlMs: 10_000 },
        ]),
      ).toEqual(ok(undefined));
      expect(await cache().getMany(["short", "long"])).toEqual(ok(["s", "l"]));
      await harness().advance(250);
      expect(await cache().getMany(["short", "long"])).toEqual(ok([undefined, "l"]));
    });

    it("accepts setMany of no entries", async () => {
      expect(await cache().setMany([])).toEqual(ok(undefined));
    });

    it("removes only the entries stored with an invalidated tag, and counts them", async () => {
      await cache().set("t1-a", "a", 10_000, { tags: ["tenant:t1"] });
      await cache().set("t1-b", "b", 10_000, { tags: ["tenant:t1", "kind:x"] });
      await cache().set("t2-a", "c", 10_000, { tags: ["tenant:t2"] });
      await cache().set("untagged", "d", 10_000);
      expect(await cache().invalidateTags(["tenant:t1"])).toEqual(ok(2));
      expect(await cache().getMany(["t1-a", "t1-b", "t2-a", "untagged"])).toEqual(ok([undefined, undefined, "c", "d"]));
    });

    it("counts an entry once when it carries several invalidated tags", async () => {
      await cache().set("k", "v", 10_000, { tags: ["x", "y"] });
      await cache().set("other", "w", 10_000, { tags: ["y"] });
      expect(await cache().invalidateTags(["x", "y"])).toEqual(ok(2));
      expect(await cache().getMany(["k", "other"])).toEqual(ok([undefined, undefined]));
    });

    it("answers 0 for a tag with no entries, and for a tag already invalidated", async () => {
      await cache().set("k", "v", 10_000, { tags: ["x"] });
      expect(await cache().invalidateTags(["nobody"])).toEqual(ok(0));
      expect(await cache().invalidateTags(["x"])).toEqual(ok(1));
      expect(await cache().invalidateTags(["x"])).toEqual(ok(0));
      expect(await cache().invalidateTags([])).toEqual(ok(0));
    });

    it("applies setMany tags like set", async () => {
      await cache().setMany([
        { key: "a", value: "1", ttlMs: 10_000, tags: ["g"] },
        { key: "b", value: "2", ttlMs: 10_000 },
      ]);
      expect(await cache().invalidateTags(["g"])).toEqual(ok(1));
      expect(await cache().getMany(["a", "b"])).toEqual(ok([undefined, "2"]));
    });

    it("round-trips an empty string as a hit, not a miss", async () => {
      await cache().set("empty", "", 10_000);
      expect(await cache().get("empty")).toEqual(ok(""));
    });

    it("round-trips unicode keys and values", async () => {
      const value = "héllo wörld — 日本語 🎉 \u0000 \n\t \"quoted\" \\ {\"json\":true}";
      await cache().set("ключ:🔑", value, 10_000);
      expect(await cache().get("ключ:🔑")).toEqual(ok(value));
    });

    it("round-trips a large value (1 MiB)", async () => {
      const value = "0123456789abcdef".repeat(65_536);
      await cache().set("large", value, 10_000);
      const got = await cache().get("large");
      expect(got.isOk() && got.value === value).toBe(true);
    });

    it("keeps keys independent", async () => {
      await cache().set("a", "1", 10_000);
      await cache().set("b", "2", 10_000);
      await cache().delete("a");
      expect(await cache().getMany(["a", "b"])).toEqual(ok([undefined, "2"]));
    });
  });
}
