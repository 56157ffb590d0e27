import { describe, expect, it } from "vitest";
import { createPinoLogger } from "../src/index.js";
import { openStalledFifo, trackFlush } from "./stalled-fifo.js";

/** Resolves after the event loop has run `turns` timer callbacks. */
const timerTurns = (turns: number): Promise<number> =>
  new Promise((resolve) => {
    let seen = 0;
    const timer = setInterval(() => {
      seen++;
      if (seen === turns) {
        clearInterval(timer);
        resolve(seen);
      }
    }, 1);
  });

describe("Logger on a slow destination", () => {
  it("keeps the event loop turning while the reader is stalled, and delivers every line once it reads", async () => {
    // A reader that holds the FIFO open but reads nothing: a pipe buffer (64 KiB) fills, then every write would block.
    const fifo = openStalledFifo("slow.fifo");
    const logger = createPinoLogger({ destination: { path: fifo.path }, timestamp: "none", pidAndHostname: false })._unsafeUnwrap();
    const count = 20_000; // about 2 MB, 30 times what the pipe holds
    for (let i = 0; i < count; i++) logger.info("line", { i, pad: "y".repeat(64) });

    const flush = trackFlush(logger);
    // Timers still fire while the destination cannot take the lines...
    expect(await timerTurns(20)).toBe(20);
    // ...and the lines really are still waiting for the reader.
    expect(flush.flushed()).toBe(false);

    const indices = (await fifo.readAllAndClose(logger, flush)).map((line) => (JSON.parse(line) as { i: number }).i);
    expect(indices).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  it("drops lines beyond maxBufferBytes instead of growing without bound, and counts them", async () => {
    const fifo = openStalledFifo("stalled.fifo");
    const logger = createPinoLogger({ destination: { path: fifo.path }, maxBufferBytes: 256 * 1024, timestamp: "none", pidAndHostname: false })._unsafeUnwrap();
    for (let i = 0; i < 20_000; i++) logger.info("line", { i, pad: "z".repeat(64) });
    expect(logger.dropped()).toBeGreaterThan(0);
    expect(logger.dropped()).toBeLessThan(20_000);
    const lines = await fifo.readAllAndClose(logger, trackFlush(logger));
    expect(lines.length + logger.dropped()).toBe(20_000);
  });
});
