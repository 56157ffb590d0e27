import { createFakeClock } from "@hexkit/testing";
import { describe, expect, it } from "vitest";
import { parseInvalidation } from "../src/cache/invalidation-message.js";
import { L1Store } from "../src/cache/l1-store.js";

describe("L1 store", () => {
  it("returns an entry until its TTL passes, then forgets it", async () => {
    const clock = createFakeClock();
    const l1 = new L1Store(clock, 10);
    l1.set("k", "v", 100);
    await clock.advance(99);
    expect(l1.get("k")).toBe("v");
    await clock.advance(1);
    expect(l1.get("k")).toBeUndefined();
    expect(l1.size).toBe(0);
  });

  it("drops the least recently used entry when full", () => {
    const l1 = new L1Store(createFakeClock(), 2);
    l1.set("a", "1", 1_000);
    l1.set("b", "2", 1_000);
    l1.get("a");
    l1.set("c", "3", 1_000);
    expect([l1.get("a"), l1.get("b"), l1.get("c")]).toEqual(["1", undefined, "3"]);
  });

  it("deletes by key prefix", () => {
    const l1 = new L1Store(createFakeClock(), 10);
    l1.set("user:1", "a", 1_000);
    l1.set("order:1", "b", 1_000);
    l1.deletePrefix("user:");
    expect([l1.get("user:1"), l1.get("order:1")]).toEqual([undefined, "b"]);
  });
});

describe("Invalidation messages", () => {
  it("reads the keys and origin written by the Lua scripts, including cjson's empty list", () => {
    expect(parseInvalidation('{"o":"i1","k":["a","b"]}')).toEqual({ origin: "i1", keys: ["a", "b"] });
    expect(parseInvalidation('{"o":"i1","k":{}}')).toEqual({ origin: "i1", keys: [] });
  });

  it("answers undefined for anything else, so the L1 is dropped whole", () => {
    for (const text of ["", "nope", "[]", '{"k":["a"]}', '{"o":"x","k":[1]}', '{"o":"x","k":{"a":1}}']) {
      expect(parseInvalidation(text)).toBeUndefined();
    }
  });
});
