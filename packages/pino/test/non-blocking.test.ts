import { execFileSync } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createPinoLogger } from "../src/index.js";

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

/** Reads whatever the FIFO holds now, without blocking. */
function drain(fd: number, into: Buffer[]): void {
  const chunk = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (cause) {
      if ((cause as { code?: string }).code === "EAGAIN") return;
      throw cause;
    }
    if (n === 0) return;
    into.push(Buffer.from(chunk.subarray(0, n)));
  }
}

describe("Logger on a slow destination", () => {
  it("keeps the event loop turning while the reader is stalled, and delivers every line once it reads", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hexkit-pino-fifo-"));
    const fifo = join(dir, "slow.fifo");
    execFileSync("mkfifo", [fifo]);
    // A reader that holds the FIFO open but reads nothing: a pipe buffer (64 KiB) fills, then every write would block.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const logger = createPinoLogger({ destination: { path: fifo }, timestamp: "none", pidAndHostname: false })._unsafeUnwrap();
    const count = 20_000; // about 2 MB, 30 times what the pipe holds
    for (let i = 0; i < count; i++) logger.info("line", { i, pad: "y".repeat(64) });

    const state = { flushed: false };
    const flushing = logger.flush().then(() => (state.flushed = true));
    // Timers still fire while the destination cannot take the lines...
    expect(await timerTurns(20)).toBe(20);
    // ...and the lines really are still waiting for the reader.
    expect(state.flushed).toBe(false);

    const received: Buffer[] = [];
    while (!state.flushed) {
      drain(reader, received);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await flushing;
    await logger.close();
    drain(reader, received);
    closeSync(reader);
    rmSync(dir, { recursive: true, force: true });
    const indices = Buffer.concat(received)
      .toString("utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => (JSON.parse(line) as { i: number }).i);
    expect(indices).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  it("drops lines beyond maxBufferBytes instead of growing without bound, and counts them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hexkit-pino-fifo-"));
    const fifo = join(dir, "stalled.fifo");
    execFileSync("mkfifo", [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const logger = createPinoLogger({ destination: { path: fifo }, maxBufferBytes: 256 * 1024, timestamp: "none", pidAndHostname: false })._unsafeUnwrap();
    for (let i = 0; i < 20_000; i++) logger.info("line", { i, pad: "z".repeat(64) });
    expect(logger.dropped()).toBeGreaterThan(0);
    expect(logger.dropped()).toBeLessThan(20_000);
    const received: Buffer[] = [];
    const state = { flushed: false };
    const flushing = logger.flush().then(() => (state.flushed = true));
    while (!state.flushed) {
      drain(reader, received);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await flushing;
    await logger.close();
    drain(reader, received);
    closeSync(reader);
    rmSync(dir, { recursive: true, force: true });
    const lines = Buffer.concat(received).toString("utf8").split("\n").filter((line) => line !== "");
    expect(lines.length + logger.dropped()).toBe(20_000);
  });
});
