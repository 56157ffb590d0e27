import { describe, expect, it } from "vitest";
import { createFlightTable } from "../src/policies/flight-table.js";

describe("Flight table", () => {
  it("keeps any string as a plain key, including ones an ordinary object inherits or treats specially", () => {
    const table = createFlightTable<number>();
    const keys = ["__proto__", "constructor", "toString", "hasOwnProperty", "0", "42", "", "tenant:1:endpoints"];
    expect(keys.map((k) => table.get(k))).toEqual(keys.map(() => undefined));
    keys.forEach((k, i) => {
      table.set(k, i);
    });
    expect(keys.map((k) => table.get(k))).toEqual(keys.map((_, i) => i));
    for (const k of keys) table.delete(k);
    expect(keys.map((k) => table.get(k))).toEqual(keys.map(() => undefined));
  });

  it("replaces a key's value and forgets only the key deleted", () => {
    const table = createFlightTable<string>();
    table.set("a", "first");
    table.set("a", "second");
    table.set("b", "other");
    table.delete("a");
    expect([table.get("a"), table.get("b")]).toEqual([undefined, "other"]);
  });
});
