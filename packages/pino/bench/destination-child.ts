// Child process of destination.bench.ts: writes the same line through raw
// pino on pino.destination (argv[2] = "raw") or through the port with its own
// destination (argv[2] = "port"), both to /dev/null, and reports the median
// lines per CPU second over rounds. One process per side, so neither side's
// stream shapes pino's shared code for the other.
import { pino } from "pino";
import { createPinoLogger } from "../src/index.js";

const message = "request completed";
const fields = { method: "POST", route: "/v1/messages", status: 202, durationMs: 3.25 };
const side = process.argv[2];
const rounds = 30;
const lines = 5_000;

let write: () => void;
let settle: () => Promise<void>;
// Hands the round's lines to the destination before the clock stops: a batch the port defers is timed too.
let handOver: () => void = () => undefined;
if (side === "raw") {
  const destination = pino.destination({ dest: "/dev/null", sync: false });
  const raw = pino({ level: "info", formatters: { level: (label) => ({ level: label }) } }, destination);
  write = () => { raw.info(fields, message); };
  settle = () => new Promise((resolve) => { destination.flush(() => { setImmediate(resolve); }); });
} else {
  const port = createPinoLogger({ destination: { path: "/dev/null" }, flushOnSignals: false })._unsafeUnwrap();
  write = () => { port.info(message, fields); };
  settle = () => port.flush();
  handOver = () => { void port.flush(); };
}

const samples: number[] = [];
for (let r = 0; r < rounds; r++) {
  const started = process.cpuUsage();
  for (let i = 0; i < lines; i++) write();
  handOver();
  const used = process.cpuUsage(started);
  samples.push((lines * 1e6) / (used.user + used.system));
  await settle();
}
samples.sort((a, b) => a - b);
process.send?.({ linesPerCpuSecond: samples[Math.floor(samples.length / 2)] });
