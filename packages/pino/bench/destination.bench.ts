import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { defineBench } from "@hexkit/bench";

/**
 * The port's own destination (sonic-boom behind a per-turn batch, what a
 * service gets by default) against raw pino on `pino.destination`, both
 * asynchronous to /dev/null, the same line, each side in a process of its
 * own (destination-child.ts), lines per CPU second (median round). The port's
 * batch is handed to sonic-boom inside the timed section.
 */
function side(name: "raw" | "port"): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL("./destination-child.ts", import.meta.url)), [name], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    child.once("message", (m) => { resolve((m as { linesPerCpuSecond: number }).linesPerCpuSecond); });
    child.once("exit", (code) => { reject(new Error(`destination bench child exited with ${String(code)}`)); });
  });
}

export default defineBench({
  kind: "custom",
  group: "pino: own destination (per-turn batch) vs raw pino.destination, /dev/null, lines per CPU second",
  baseline: "raw pino on pino.destination",
  targets: { "port, its own destination": 0.9 },
  run: async () => {
    const raw: number[] = [];
    const port: number[] = [];
    for (let i = 0; i < 3; i++) {
      raw.push(await side("raw"));
      port.push(await side("port"));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    return [
      { name: "raw pino on pino.destination", opsPerSec: median(raw), notes: "median of 3 processes" },
      { name: "port, its own destination", opsPerSec: median(port), notes: "median of 3 processes" },
    ];
  },
});
