import { describe, expect, it } from "vitest";
import { turnBatch } from "../src/turn-batch.js";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("turnBatch", () => {
  it("passes the lines of one event-loop turn on in one write, in order", async () => {
    const writes: string[] = [];
    const batch = turnBatch((chunk) => writes.push(chunk), () => undefined);
    batch.stream.write("a\n");
    batch.stream.write("b\n");
    expect(writes).toEqual([]);
    await nextTurn();
    batch.stream.write("c\n");
    await nextTurn();
    expect(writes).toEqual(["a\nb\n", "c\n"]);
    batch.release();
  });

  it("passes waiting lines on at once when drained, and nothing twice", async () => {
    const writes: string[] = [];
    const batch = turnBatch((chunk) => writes.push(chunk), () => undefined);
    batch.stream.write("a\n");
    batch.drain();
    expect(writes).toEqual(["a\n"]);
    await nextTurn();
    batch.drain();
    expect(writes).toEqual(["a\n"]);
    batch.release();
  });

  it("never throws, even when the destination does (the lines are lost)", async () => {
    const batch = turnBatch(() => {
      throw new Error("SonicBoom destroyed");
    }, () => undefined);
    batch.stream.write("a\n");
    expect(() => { batch.drain(); }).not.toThrow();
    batch.stream.write("b\n");
    await nextTurn();
    batch.release();
  });
});
