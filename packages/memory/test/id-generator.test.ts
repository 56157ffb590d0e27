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

  it("encodes the 80 random bits in the last 16 characters, most significant first", () => {
    // An independent reference: the 10 bytes as one 80-bit number, 5 bits a character.
    const reference = (bytes: Uint8Array): string => {
      let value = 0n;
      for (const byte of bytes) value = (value << 8n) | BigInt(byte);
      let out = "";
      for (let i = 15; i >= 0; i--) out += "0123456789ABCDEFGHJKMNPQRSTVWXYZ".charAt(Number((value >> BigInt(i * 5)) & 31n));
      return out;
    };
    const samples = [
      new Uint8Array(10),
      new Uint8Array(10).fill(0xff),
      Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
      Uint8Array.from([0x80, 0, 0, 0, 1, 0xfe, 0x7f, 0x10, 0x20, 0x40]),
    ];
    for (const sample of samples) {
      const ids = createIdGenerator({ now: () => 1_000, randomFill: (b) => { b.set(sample); } });
      expect(ids.next().slice(10)).toBe(reference(sample));
    }
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
