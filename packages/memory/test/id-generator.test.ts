import { describe, expect, it } from "vitest";
import { createIdGenerator } from "@hexkit/memory";

describe("createIdGenerator", () => {
  it("makes 26-character Crockford base32 ids, prefixed when asked", () => {
    const ids = createIdGenerator();
    expect(ids.next()).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(ids.next("msg")).toMatch(/^msg_[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it("encodes the time in the first 10 characters", () => {
    const ids = createIdGenerator({ now: () => 1_469_918_176_385, randomFill: (b) => b.fill(0) });
    expect(ids.next().slice(0, 10)).toBe("01ARYZ6S41");
  });

  it("sorts ids made in the same millisecond in creation order", () => {
    const ids = createIdGenerator({ now: () => 1_000, randomFill: (b) => b.fill(0xff, 0, 9) });
    const made = Array.from({ length: 300 }, () => ids.next());
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(300);
  });

  it("sorts ids by time across milliseconds, even if the clock steps back", () => {
    let t = 5_000;
    const ids = createIdGenerator({ now: () => t });
    const a = ids.next();
    t = 4_000;
    const b = ids.next();
    t = 6_000;
    const c = ids.next();
    expect([a, b, c].sort()).toEqual([a, b, c]);
  });

  it("makes distinct ids", () => {
    const ids = createIdGenerator();
    const made = new Set(Array.from({ length: 10_000 }, () => ids.next()));
    expect(made.size).toBe(10_000);
  });
});
