import { mkdirSync, openSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import type { ValidationError } from "@hexkit/core";
import { invalid } from "@hexkit/core";
import { pino } from "pino";
import type { DestinationStream } from "pino";
import type { PinoLoggerConfig } from "./options.js";
import { turnBatch } from "./turn-batch.js";

/** A destination and what the logger may do with it. */
export interface Destination {
  readonly stream: DestinationStream;
  /** Resolves when buffered lines have been handed to the OS (or at once for streams without a buffer). Never rejects. */
  readonly flush: () => Promise<void>;
  /** True when lines may wait in a buffer we can flush (sonic-boom); the signal hook is installed only then. */
  readonly buffered: boolean;
  /** Flushes and releases what this module opened; leaves streams it was given open. Never rejects. */
  readonly end: () => Promise<void>;
  /** Lines dropped for being over `maxBufferBytes`. */
  readonly dropped: () => number;
  /** Calls `listener` each time the OS accepts bytes (never, for streams without a buffer); answers the unsubscribe. */
  readonly onWritten: (listener: () => void) => () => void;
  /** Bytes held and not yet handed to the OS (0 for streams without a buffer). */
  readonly pendingBytes: () => number;
  /** The file descriptor written, when known. */
  readonly fd: number | undefined;
}

/** The part of sonic-boom that we use. */
interface SonicBoomLike extends DestinationStream {
  flush(cb?: (err?: Error) => void): void;
  flushSync(): void;
  end(): void;
  destroyed?: boolean;
  fd?: number;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  once(event: string, listener: (...args: unknown[]) => void): unknown;
}

const isSonicBoom = (stream: DestinationStream): stream is SonicBoomLike =>
  typeof (stream as Partial<SonicBoomLike>).flushSync === "function" && typeof (stream as Partial<SonicBoomLike>).flush === "function";

// sonic-boom's flush(cb) calls back at once when minLength is 0, before the
// data is written; "flushed" here must mean "handed to the OS", so we watch
// its (undocumented but long-stable) `_writing` and `_len` fields instead.
interface SonicBoomState {
  readonly _writing?: boolean;
  readonly _len?: number;
}

function whenWritten(boom: SonicBoomLike): Promise<void> {
  const state = boom as SonicBoomLike & SonicBoomState;
  if (typeof state._len !== "number" || typeof state._writing !== "boolean") {
    return new Promise((resolve) => {
      boom.flush(() => {
        resolve();
      });
    });
  }
  return new Promise((resolve) => {
    const done = (): void => {
      boom.off("drain", check);
      boom.off("write", check);
      boom.off("close", done);
      boom.off("error", done);
      resolve();
    };
    function check(): void {
      if (boom.destroyed === true || (state._writing === false && state._len === 0)) {
        done();
      } else if (state._writing === false) {
        // A tail shorter than minLength waits for more lines; write it now.
        try {
          boom.flush();
        } catch {
          done();
        }
      }
    }
    boom.on("drain", check);
    boom.on("write", check);
    boom.on("close", done);
    boom.on("error", done);
    check();
  });
}

/** What the signal hook watches of a destination: its progress, what it still holds, its fd. */
function progressOf(stream: DestinationStream): Pick<Destination, "onWritten" | "pendingBytes" | "fd"> {
  if (!isSonicBoom(stream)) return { onWritten: () => () => undefined, pendingBytes: () => 0, fd: undefined };
  const state = stream as SonicBoomLike & SonicBoomState;
  return {
    onWritten: (listener) => {
      // sonic-boom emits `write` after every write(2) that took bytes, partial ones included.
      stream.on("write", listener);
      return () => {
        stream.off("write", listener);
      };
    },
    pendingBytes: () => (stream.destroyed === true ? 0 : (state._len ?? 0)),
    fd: typeof stream.fd === "number" && stream.fd >= 0 ? stream.fd : undefined,
  };
}

function flushOf(stream: DestinationStream): () => Promise<void> {
  if (!isSonicBoom(stream)) return () => Promise.resolve();
  return async () => {
    if (stream.destroyed === true) return;
    try {
      await whenWritten(stream);
    } catch {
      // Not open yet, or already closed: nothing more can be written.
    }
  };
}

/** Wraps a stream passed by the caller: flushed when it can be, never closed by us. */
export function givenDestination(stream: DestinationStream): Destination {
  const flush = flushOf(stream);
  return {
    stream,
    flush,
    buffered: isSonicBoom(stream),
    end: flush,
    dropped: () => 0,
    ...progressOf(stream),
  };
}

/**
 * Opens the configured destination with sonic-boom: stdout, stderr or a file
 * (appended, directories created). A file is opened synchronously here, so
 * the destination is ready at once: lines written and flushed right away (a
 * start-up failure followed by `process.exit`) are not lost to an open still
 * in flight.
 */
export function openDestination(config: PinoLoggerConfig): { ok: Destination } | { error: ValidationError } {
  const target = config.destination;
  let fd: number;
  if (target === "stdout" || target === "stderr") {
    fd = target === "stdout" ? 1 : 2;
  } else {
    try {
      mkdirSync(dirname(target.path), { recursive: true });
      fd = openSync(target.path, "a");
    } catch (cause) {
      const code = (cause as { code?: unknown }).code;
      return { error: invalid(["destination", "path"], `Cannot open log file ${target.path}: ${typeof code === "string" ? code : String(cause)}`, "unwritable") };
    }
  }
  const boom = pino.destination({
    fd,
    sync: config.sync,
    minLength: config.bufferBytes,
    ...(config.bufferBytes > 0 ? { periodicFlush: config.flushIntervalMs } : {}),
    ...(config.maxBufferBytes > 0 ? { maxLength: config.maxBufferBytes } : {}),
  }) as unknown as SonicBoomLike;
  let dropped = 0;
  boom.on("drop", () => {
    dropped++;
  });
  // Batched per turn when asynchronous; not with a cap on the buffer, whose
  // drops are counted per line (a batch over the cap would count as one).
  const batch =
    config.sync || config.maxBufferBytes > 0
      ? undefined
      : turnBatch(
          (chunk) => {
            boom.write(chunk);
          },
          (chunk) => {
            // At exit: queued without starting an asynchronous write (which
            // would take the chunk out of what flushSync writes, and never
            // finish), then written out now.
            (boom as SonicBoomLike & { minLength: number }).minLength = Number.MAX_SAFE_INTEGER;
            boom.write(chunk);
            boom.flushSync();
          },
        );
  const stream: DestinationStream = batch?.stream ?? boom;
  const boomFlush = flushOf(boom);
  const flush = batch === undefined ? boomFlush : () => {
    batch.drain();
    return boomFlush();
  };
  const end = (): Promise<void> => {
    batch?.release();
    return boomFlush().then(
      () =>
        new Promise<void>((resolve) => {
          // fd 1 and 2 stay open; sonic-boom only releases them.
          boom.once("close", () => {
            resolve();
          });
          boom.end();
        }),
    );
  };
  let ended: Promise<void> | undefined;
  return {
    ok: {
      stream,
      flush,
      buffered: !config.sync,
      end: () => (ended ??= end()),
      dropped: () => dropped,
      ...progressOf(boom),
    },
  };
}

/**
 * Formats lines with pino-pretty's synchronous formatter before they reach
 * `destination`, so pretty lines share its buffering and flushing (none is
 * held in a transform stream). Answers an error when pino-pretty is absent.
 */
export function prettyDestination(destination: Destination, config: PinoLoggerConfig): { ok: Destination } | { error: ValidationError } {
  const prettyFactory = loadPrettyFactory();
  if (prettyFactory === undefined) {
    return {
      error: invalid(["format"], 'format "pretty" needs the optional package pino-pretty; install it, or use format "json"', "missing_dependency"),
    };
  }
  const toTerminal = config.destination === "stdout" ? process.stdout.isTTY : config.destination === "stderr" ? process.stderr.isTTY : false;
  const prettify = prettyFactory({
    translateTime: config.pretty.translateTime,
    ignore: config.pretty.ignore,
    singleLine: config.pretty.singleLine,
    colorize: config.pretty.colorize ?? toTerminal,
  });
  const inner = destination.stream;
  return {
    ok: {
      ...destination,
      stream: {
        write: (line: string) => {
          inner.write(prettify(line));
        },
      },
    },
  };
}

type PrettyFactory = (options: Record<string, unknown>) => (line: string) => string;

/** Loads pino-pretty only when asked for, so production installs may leave it out. */
function loadPrettyFactory(): PrettyFactory | undefined {
  try {
    const loaded = createRequire(import.meta.url)("pino-pretty") as { prettyFactory?: PrettyFactory };
    return loaded.prettyFactory;
  } catch {
    return undefined;
  }
}
