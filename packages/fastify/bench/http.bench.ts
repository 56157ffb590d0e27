import { type ChildProcess, fork, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { askChild as ask, type BenchResult, defineBench } from "@hexkit/bench";

/**
 * One validated JSON route (POST /items: zod-checked body, 201 with a JSON
 * answer) served four ways, each in a process of its own (http-server.ts):
 * raw node:http (the ceiling), raw Fastify with the same zod validation (the
 * baseline), and @hexkit/fastify with request id, access log (pino with its
 * production destination, asynchronous, to /dev/null), RED metrics
 * (prom-client), response validation and the async
 * context store on, once with a handler that answers `okAsync` (as one with
 * I/O does) and once with one that answers a plain `ok`. Separate processes
 * because on Node 20 an enabled AsyncLocalStorage taxes every promise of its
 * process: a raw Fastify sharing hexkit's process would pay for hexkit's
 * context and flatter the ratio.
 *
 * Load comes from the autocannon CLI in yet another process. The servers are
 * loaded one at a time, in an order that rotates every round, so drift on a
 * shared machine hits all of them alike. A case's ratio is the median of its
 * per-round ratios to the baseline measured in the same round (a pair
 * measured seconds apart moves less than two medians taken over the whole
 * run); the figure in the table is the baseline's median times that ratio,
 * and the case's own median is in the notes, as in the otel HTTP bench.
 *
 * The figure compared is requests per CPU-second of the server process
 * (1e6 / CPU µs per request): a server under saturating load is CPU-bound, so
 * this is its throughput on a core of its own, while the wall-clock rate on a
 * shared machine mostly measures the neighbours. The wall-clock rate is in
 * the notes.
 */
const rounds = 5;
const secondsPerRound = 2;
const connections = 32;
const payload = JSON.stringify({ name: "widget", tags: ["a", "b"] });

const names = {
  node: "raw node:http",
  fastify: "raw Fastify + zod",
  hexkit: "@hexkit/fastify, ResultAsync handler (id, log, metrics, context)",
  hexkitSync: "@hexkit/fastify, Result handler (id, log, metrics, context)",
} as const;
type Variant = keyof typeof names;

interface Sample {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
  /** The server's CPU µs per answered request during the run. */
  readonly cpuUs: number;
}

const autocannonBin = createRequire(import.meta.url).resolve("autocannon/autocannon.js");

const cpuMicros = async (child: ChildProcess): Promise<number> => (await ask<{ cpuMicros: number }>(child, "cpu")).cpuMicros;

/** Runs the autocannon CLI in its own process against `url` and parses its JSON report. */
async function load(child: ChildProcess, url: string, seconds: number): Promise<Sample> {
  const before = await cpuMicros(child);
  const report = await new Promise<string>((resolve, reject) => {
    const args = [autocannonBin, "-j", "-c", String(connections), "-d", String(seconds), "-m", "POST", "-H", "content-type=application/json", "-b", payload, url];
    const cannon = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    cannon.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
    cannon.on("error", reject);
    cannon.on("close", () => { resolve(out); });
  });
  const used = (await cpuMicros(child)) - before;
  let r: { requests: { average: number; total: number }; latency: { p50: number; p99: number }; errors: number; timeouts: number; non2xx: number };
  try {
    r = JSON.parse(report) as typeof r;
  } catch (cause) {
    throw new Error("autocannon gave no JSON report", { cause });
  }
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    failed: r.errors + r.timeouts + r.non2xx,
    cpuUs: used / Math.max(1, r.requests.total),
  };
}

export default defineBench({
  kind: "custom",
  group: "http: validated JSON POST (requests per server CPU-second)",
  baseline: names.fastify,
  targets: { [names.hexkit]: 0.85, [names.hexkitSync]: 0.85 },
  run: async (): Promise<BenchResult[]> => {
    const keys = Object.keys(names) as Variant[];
    const server = fileURLToPath(new URL("./http-server.ts", import.meta.url));
    const children = Object.fromEntries(
      keys.map((key) => [key, fork(server, [key], { stdio: ["ignore", "inherit", "inherit", "ipc"] })]),
    ) as Record<Variant, ChildProcess>;
    try {
      const urls = Object.fromEntries(
        await Promise.all(keys.map(async (key) => [key, (await ask<{ url: string }>(children[key])).url] as const)),
      ) as Record<Variant, string>;
      for (const key of keys) await load(children[key], urls[key], 1);
      const samples: Record<Variant, Sample[]> = { node: [], fastify: [], hexkit: [], hexkitSync: [] };
      for (let i = 0; i < rounds; i++) {
        for (let k = 0; k < keys.length; k++) {
          const key = keys[(k + i) % keys.length]!;
          samples[key].push(await load(children[key], urls[key], secondsPerRound));
        }
      }
      const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      const baselineCpuUs = median(samples.fastify.map((s) => s.cpuUs));
      return keys.map((key): BenchResult => {
        const runs = samples[key];
        const failed = runs.reduce((n, s) => n + s.failed, 0);
        if (failed > 0) throw new Error(`${names[key]}: ${failed} failed requests`);
        // Same round, same conditions: the baseline's CPU per request over this case's.
        const ratio = median(runs.map((s, i) => samples.fastify[i]!.cpuUs / s.cpuUs));
        const typical = [...runs].sort((a, b) => a.cpuUs - b.cpuUs)[Math.floor(runs.length / 2)]!;
        return {
          name: names[key],
          opsPerSec: (1e6 / baselineCpuUs) * ratio,
          p50Ms: typical.p50,
          p99Ms: typical.p99,
          notes: `requests per server CPU-second: baseline median x median per-round ratio; own median ${typical.cpuUs.toFixed(1)} µs server CPU a request (rounds: ${runs.map((s) => s.cpuUs.toFixed(1)).join(", ")}); wall clock ${Math.round(typical.rps)} req/s; autocannon CLI, ${connections} connections, ${rounds} rounds x ${secondsPerRound} s, order rotated each round`,
        };
      });
    } finally {
      for (const child of Object.values(children)) if (child.connected) child.send("stop");
    }
  },
});
