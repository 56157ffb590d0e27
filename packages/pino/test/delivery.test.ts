import { execFileSync, spawn } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "hexkit-pino-delivery-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * How long the parent reads nothing after each chunk of the child's stdout
 * when it plays a slow reader. Chunks are at most 64 KiB, so 1.7 MB takes
 * over a second to read: longer than the child's 500 ms flush deadline, while
 * no pause comes near it.
 */
const slowReaderPauseMs = 50;

function runWriter(mode: string, count: number, dest: string, ...flags: string[]): Promise<Outcome> {
  return runChild({ mode, count, dest, flags, slowReader: false });
}

interface ChildRun {
  readonly mode: string;
  readonly count: number;
  readonly dest: string;
  readonly flags: readonly string[];
  /** Pause the child's stdout for `slowReaderPauseMs` after every chunk read. */
  readonly slowReader: boolean;
}

function runChild({ mode, count, dest, flags, slowReader }: ChildRun): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--conditions=@hexkit/source", "--import", "tsx", "test/fixtures/child-writer.ts", mode, String(count), dest, ...flags],
      { cwd: packageDir, stdio: ["ignore", "pipe", "pipe", "ipc"], env: { PATH: process.env["PATH"] ?? "" } },
    );
    let stdout = "";
    let stderr = "";
    const out = child.stdout!.setEncoding("utf8");
    // A `data` listener (not `read()`) also sees what the child left in the
    // pipe: at its exit, child_process resumes unobserved stdio and drops it.
    out.on("data", (chunk: string) => {
      stdout += chunk;
      if (!slowReader) return;
      out.pause();
      setTimeout(() => out.resume(), slowReaderPauseMs);
    });
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("message", (message) => {
      if (message === "ready") child.kill("SIGTERM");
    });
    child.on("close", (code, signal) => {
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The `i` of every record with message `msg` (`line` unless said), in order. */
function indices(text: string, msg = "line"): number[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as { msg: string; i?: number })
    .filter((record) => record.msg === msg)
    .map((record) => record.i ?? -1);
}

const count = 20_000;
const all = Array.from({ length: count }, (_, i) => i);

describe("Logger delivery across process exit (real child processes)", () => {
  it("delivers every line to a file when the process is killed with SIGTERM, and still dies of SIGTERM", async () => {
    const file = join(dir, "sigterm.log");
    const outcome = await runWriter("sigterm", count, file);
    expect({ code: outcome.code, signal: outcome.signal, stderr: outcome.stderr }).toEqual({ code: null, signal: "SIGTERM", stderr: "" });
    expect(indices(readFileSync(file, "utf8"))).toEqual(all);
  });

  it("delivers every line to a stdout pipe when the process is killed with SIGTERM", async () => {
    const outcome = await runWriter("sigterm", count, "stdout");
    expect(outcome.signal).toBe("SIGTERM");
    expect(indices(outcome.stdout)).toEqual(all);
  });

  it("delivers every line to a slow stdout reader on SIGTERM, though reading takes longer than the flush deadline", async () => {
    // What a loaded log collector or parent process does: it keeps reading, only slowly.
    const outcome = await runChild({ mode: "sigterm", count, dest: "stdout", flags: [], slowReader: true });
    expect({ code: outcome.code, signal: outcome.signal, stderr: outcome.stderr }).toEqual({ code: null, signal: "SIGTERM", stderr: "" });
    expect(indices(outcome.stdout)).toEqual(all);
  });

  it("delivers every line, then the handler's own, when the program handles SIGTERM itself and closes the logger, and never signals the program again", async () => {
    const outcome = await runWriter("graceful", count, "stdout");
    expect({ code: outcome.code, signal: outcome.signal }).toEqual({ code: 0, signal: null });
    expect(indices(outcome.stdout)).toEqual(all);
    expect(outcome.stdout.trimEnd().split("\n").at(-1)).toBe('{"level":"info","msg":"shutting down"}');
  });

  it("delivers every line on process.exit straight after writing, and on a normal end", async () => {
    const [exited, returned] = await Promise.all([runWriter("exit", count, "stdout"), runWriter("return", count, join(dir, "return.log"))]);
    expect([exited.code, returned.code]).toEqual([0, 0]);
    expect(indices(exited.stdout)).toEqual(all);
    expect(indices(readFileSync(join(dir, "return.log"), "utf8"))).toEqual(all);
  });

  it("loses the buffered lines on SIGTERM when the signal flush is turned off (what the hook prevents)", async () => {
    const file = join(dir, "unflushed.log");
    // The child writes its lines out, then holds 10 `tail` lines when it signals ready.
    const outcome = await runWriter("sigterm", count, file, "--no-signal-flush");
    expect(outcome.signal).toBe("SIGTERM");
    const text = readFileSync(file, { encoding: "utf8", flag: "a+" });
    expect(indices(text)).toEqual(all);
    expect(indices(text, "tail")).toEqual([]);
  });

  it("still ends on SIGTERM when the destination is stalled, after the flush deadline, and says on stderr what it gave up", async () => {
    const fifo = join(dir, "stalled.fifo");
    execFileSync("mkfifo", [fifo]);
    // Holds the FIFO open and never reads: the child's buffer cannot drain.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const outcome = await runWriter("sigterm", count, fifo);
    closeSync(reader);
    expect({ code: outcome.code, signal: outcome.signal }).toEqual({ code: null, signal: "SIGTERM" });
    expect(outcome.stderr).toMatch(/^@hexkit\/pino: on SIGTERM, the log destination accepted nothing for 500 ms; gave up on up to \d+ bytes of log lines/);
  });
});
