import { describe, expect, it } from "vitest";
import { traceIdWord } from "../src/ratio-sampling.js";
import { TraceparentMinter, spanIdOf, traceIdOf } from "../src/traceparent-minter.js";

const w3c = /^00-([0-9a-f]{32})-([0-9a-f]{16})-(0[01])$/;

describe("TraceparentMinter", () => {
  it("mints W3C traceparents whose trace and span ids are all different, flagged as asked", () => {
    const minter = new TraceparentMinter();
    const minted = Array.from({ length: 500 }, (_, i) => {
      minter.root();
      return minter.traceparent(i % 2 === 0);
    });
    expect(minted.filter((tp) => !w3c.test(tp))).toEqual([]);
    expect(minted.map((tp) => tp.slice(53))).toEqual(minted.map((_, i) => (i % 2 === 0 ? "01" : "00")));
    expect([new Set(minted.map(traceIdOf)).size, new Set(minted.map(spanIdOf)).size]).toEqual([500, 500]);
  });

  it("answers the word of the trace id it wrote, as parsed from the id (what ratio sampling compares)", () => {
    const minter = new TraceparentMinter();
    const mismatches: string[] = [];
    for (let i = 0; i < 500; i++) {
      const word = minter.root();
      const traceparent = minter.traceparent(true);
      if (word !== traceIdWord(traceIdOf(traceparent))) mismatches.push(traceparent);
    }
    expect(mismatches).toEqual([]);
  });

  it("keeps the parent's trace id for a child, with a new span id", () => {
    const minter = new TraceparentMinter();
    minter.root();
    const parent = minter.traceparent(true);
    minter.child(traceIdOf(parent));
    const child = minter.traceparent(false);
    expect([traceIdOf(child), spanIdOf(child) === spanIdOf(parent), child.slice(53)]).toEqual([traceIdOf(parent), false, "00"]);
  });
});
