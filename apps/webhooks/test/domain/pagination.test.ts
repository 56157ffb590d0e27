import { ok } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, newestFirst, toPage } from "../../src/domain/pagination.js";

describe("Cursor pagination", () => {
  it("round-trips a cursor", () => {
    expect(decodeCursor(encodeCursor({ createdAt: 12, id: "msg_a" }))).toEqual(ok({ createdAt: 12, id: "msg_a" }));
  });

  it("refuses a cursor it did not make", () => {
    expect(decodeCursor("bm9wZQ").isErr()).toBe(true);
  });

  it("answers a next cursor only when more items follow", () => {
    const items = [3, 2, 1].map((n) => ({ createdAt: n, id: `x${n}` })).sort(newestFirst);
    expect(toPage(items, 2)).toEqual({ data: items.slice(0, 2), nextCursor: encodeCursor({ createdAt: 2, id: "x2" }) });
    expect(toPage(items, 3)).toEqual({ data: items, nextCursor: null });
  });
});
