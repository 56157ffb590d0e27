import { describe, expect, it } from "vitest";
import { writeRandomSpanId, writeRandomTraceId } from "../src/random-hex.js";

const latin1 = (bytes: Uint8Array, from: number, to: number): string => Buffer.from(bytes).toString("latin1", from, to);
/** A "random" source that answers the given words in turn. */
const words = (...answers: number[]) => {
  let i = 0;
  return (): number => answers[i++] ?? 0;
};

describe("random ids", () => {
  it("writes the drawn words as lowercase hex where asked, and answers the trace id's words XORed", () => {
    const bytes = new Uint8Array(51).fill(0x2d);
    const word = writeRandomTraceId(bytes, 1, words(0x0123abcd, 0xffffffff, 0, 0x80000001));
    writeRandomSpanId(bytes, 34, words(0xdeadbeef, 0x00c0ffee));
    expect(latin1(bytes, 0, 51)).toBe(`-0123abcdffffffff0000000080000001-deadbeef00c0ffee-`);
    expect(word).toBe((0x0123abcd ^ 0xffffffff ^ 0 ^ 0x80000001) >>> 0);
  });

  it("never writes an all-zero id, which W3C trace context calls invalid: the last digit becomes 1, as the SDK does", () => {
    const bytes = new Uint8Array(48);
    const word = writeRandomTraceId(bytes, 0, words(0, 0, 0, 0));
    writeRandomSpanId(bytes, 32, words(0, 0));
    expect([latin1(bytes, 0, 32), latin1(bytes, 32, 48), word]).toEqual([`${"0".repeat(31)}1`, `${"0".repeat(15)}1`, 1]);
  });
});
