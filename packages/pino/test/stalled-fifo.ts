import { execFileSync } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What the FIFO tests need of a logger: flush and close. */
interface Flushable {
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** A flush in progress, and whether it has finished yet. */
export interface TrackedFlush {
  readonly done: Promise<unknown>;
  flushed(): boolean;
}

/** Starts `logger.flush()` and notes when it finishes, so a test can see it is still pending. */
export function trackFlush(logger: Flushable): TrackedFlush {
  const state = { flushed: false };
  const done = logger.flush().then(() => (state.flushed = true));
  return { done, flushed: () => state.flushed };
}

/** A FIFO (named pipe) with a reader that holds it open but reads nothing until asked. */
export interface StalledFifo {
  /** The FIFO's path, for the logger's `destination.path`. */
  readonly path: string;
  /**
   * Reads the FIFO, yielding to the event loop between reads, until `flush`
   * finishes; then closes the logger, reads what is left, closes the reader,
   * removes the FIFO and returns the non-empty lines received.
   */
  readAllAndClose(logger: Flushable, flush: TrackedFlush): Promise<string[]>;
}

/**
 * Makes a FIFO in a fresh temp dir and opens its read end without blocking:
 * the pipe buffer (64 KiB) fills, then every write to it would block, which is
 * the slow destination these tests need.
 */
export function openStalledFifo(name: string): StalledFifo {
  const dir = mkdtempSync(join(tmpdir(), "hexkit-pino-fifo-"));
  const path = join(dir, name);
  execFileSync("mkfifo", [path]);
  const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  return {
    path,
    readAllAndClose: async (logger, flush) => {
      const received: Buffer[] = [];
      while (!flush.flushed()) {
        drain(reader, received);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await flush.done;
      await logger.close();
      drain(reader, received);
      closeSync(reader);
      rmSync(dir, { recursive: true, force: true });
      return Buffer.concat(received)
        .toString("utf8")
        .split("\n")
        .filter((line) => line !== "");
    },
  };
}

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
