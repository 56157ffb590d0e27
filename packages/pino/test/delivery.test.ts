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

function runWriter(mode: string, count: number, dest: string, ...flags: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--conditions=@hexkit/source", "--import", "tsx", "test/fixtures/child-writer.ts", mode, String(count), dest, ...flags],
      { cwd: packageDir, stdio: ["ignore", "pipe", "pipe", "ipc"], env: { PATH: process.env["PATH"] ?? "" } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("message", (message) => {
      if (message === "ready") child.kill("SIGTERM");
    });
    child.on("close", (code, signal) => {
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The `i` of every `line` record, in order. */
function indices(text: string): number[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as { msg: string; i?: number })
    .filter((record) => record.msg === "line")
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

  it("delivers every line, then the handler's own, when the program handles SIGTERM itself and closes the logger", async () => {
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
    const outcome = await runWriter("sigterm", count, file, "--no-signal-flush");
    expect(outcome.signal).toBe("SIGTERM");
    expect(indices(readFileSync(file, { encoding: "utf8", flag: "a+" })).length).toBeLessThan(count);
  });

  it("still ends on SIGTERM when the destination is stalled, after the flush deadline", async () => {
    const fifo = join(dir, "stalled.fifo");
    execFileSync("mkfifo", [fifo]);
    // Holds the FIFO open and never reads: the child's buffer cannot drain.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const outcome = await runWriter("sigterm", count, fifo);
    closeSync(reader);
    expect({ code: outcome.code, signal: outcome.signal }).toEqual({ code: null, signal: "SIGTERM" });
  });
});
