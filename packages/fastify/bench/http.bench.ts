import { type ChildProcess, fork, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { askChild as ask, type BenchResult, defineBench, median, pairedRatios } from "@hexkit/bench";

/**
 * One validated JSON route (POST /items: zod-checked body, 201 with a JSON
 * answer) served several ways, each by a process of its own (http-server.ts):
 * raw node:http (the ceiling), raw Fastify with the same zod validation (the
 * baseline), and @hexkit/fastify with request id, access log (pino with its
 * production destination, asynchronous, to /dev/null), RED metrics
 * (prom-client), response validation and the async context store on, once
 * with a handler that answers `okAsync` (as one with I/O does) and once with
 * one that answers a plain `ok`. Separate processes because on Node 20 an
 * enabled AsyncLocalStorage taxes every promise of its process: a raw Fastify
 * sharing hexkit's process would pay for hexkit's context and flatter the
 * ratio.
 *
 * Load comes from the autocannon CLI in yet another process. The figure
 * compared is requests per CPU-second of the server process (1e6 / CPU µs
 * per request): a server under saturating load is CPU-bound, so this is its
 * throughput on a core of its own, while the wall-clock rate on a shared
 * machine mostly measures the neighbours. The wall-clock rate is in the notes.
 *
 * Every round starts all servers anew and loads them one at a time, in an
 * order that rotates each round, each warmed up right before its measured
 * load (so no server idles longer than another in between): two processes
 * of the very same server can measure several percent apart for as long as
 * they live (JIT and memory layout are decided once per process), which
 * rounds on the same processes never average out. A case's ratio is the
 * median of its per-round ratios to the baseline of the same round; the
 * figure in the table is the baseline's median times that ratio, and the
 * case's own median is in the notes.
 *
 * Two rows say how far to trust the others, in every run: the control is the
 * baseline served by other processes (its distance from 1.000× is this run's
 * noise), and the calibration is the baseline plus a fixed amount of busy
 * CPU per request (what that much extra work costs in the ratio on this
 * machine). One more row serves raw Fastify with hexkit's concerns written
 * by hand (http-server.ts, fastifyWithConcerns): what the concerns cost
 * apart from hexkit. `HEXKIT_BENCH_BREAKDOWN=1` adds rows with one concern switched
 * off at a time, to see what each costs.
 */
const rounds = 5;
const warmUpSeconds = 1;
const secondsPerRound = 2;
const connections = 32;
const calibrationSpinUs = 3;
const payload = JSON.stringify({ name: "widget", tags: ["a", "b"] });

interface Case {
  readonly name: string;
  /** http-server.ts's arguments: the variant, and the concerns switched off. */
  readonly args: readonly string[];
  readonly spinUs?: number;
}

const main = {
  node: { name: "raw node:http", args: ["node"] },
  fastify: { name: "raw Fastify + zod", args: ["fastify"] },
  control: { name: "raw Fastify + zod, second process (control)", args: ["fastify"] },
  calibration: { name: `raw Fastify + zod + ${calibrationSpinUs} µs of CPU a request (calibration)`, args: ["fastify"], spinUs: calibrationSpinUs },
  byHand: { name: "raw Fastify + zod with the same concerns by hand (id, pino line, prom-client, AsyncLocalStorage, response check)", args: ["fastifyWithConcerns"] },
  hexkit: { name: "@hexkit/fastify, ResultAsync handler (id, log, metrics, context)", args: ["hexkit"] },
  hexkitSync: { name: "@hexkit/fastify, Result handler (id, log, metrics, context)", args: ["hexkitSync"] },
} as const satisfies Record<string, Case>;

const breakdown: Record<string, Case> = {
  noLog: { name: "@hexkit/fastify, Result handler, access log off", args: ["hexkitSync", "log"] },
  noMetrics: { name: "@hexkit/fastify, Result handler, metrics off", args: ["hexkitSync", "metrics"] },
  noContext: { name: "@hexkit/fastify, Result handler, context store off", args: ["hexkitSync", "context"] },
  bare: { name: "@hexkit/fastify, Result handler, access log, metrics and context off", args: ["hexkitSync", "log,metrics,context"] },
};

const cases: Record<string, Case> = process.env.HEXKIT_BENCH_BREAKDOWN === "1" ? { ...main, ...breakdown } : main;
const keys = Object.keys(cases);

interface Sample {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
  /** The server's CPU µs per answered request during the run. */
  readonly cpuUs: number;
}

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
}

const serverFile = fileURLToPath(new URL("./http-server.ts", import.meta.url));
const autocannonBin = createRequire(import.meta.url).resolve("autocannon/autocannon.js");

const cpuMicros = async (child: ChildProcess): Promise<number> => (await ask<{ cpuMicros: number }>(child, "cpu")).cpuMicros;

async function startServers(): Promise<Record<string, Server>> {
  const started = await Promise.all(
    keys.map(async (key) => {
      const c = cases[key] as Case;
      const child = fork(serverFile, [...c.args], {
        stdio: ["ignore", "inherit", "inherit", "ipc"],
        env: { ...process.env, HEXKIT_BENCH_SPIN_US: String(c.spinUs ?? 0) },
      });
      return [key, { child, url: (await ask<{ url: string }>(child)).url }] as const;
    }),
  );
  return Object.fromEntries(started);
}

function stopServers(servers: Readonly<Record<string, Server>>): void {
  for (const { child } of Object.values(servers)) if (child.connected) child.send("stop");
}

/** Runs the autocannon CLI in its own process against the server and parses its JSON report. */
async function load(server: Server, seconds: number): Promise<Sample> {
  const before = await cpuMicros(server.child);
  const report = await new Promise<string>((resolve, reject) => {
    const args = [autocannonBin, "-j", "-c", String(connections), "-d", String(seconds), "-m", "POST", "-H", "content-type=application/json", "-b", payload, server.url];
    const cannon = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    cannon.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
    cannon.on("error", reject);
    cannon.on("close", () => { resolve(out); });
  });
  const used = (await cpuMicros(server.child)) - before;
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
  baseline: main.fastify.name,
  control: main.control.name,
  targets: { [main.hexkit.name]: 0.85, [main.hexkitSync.name]: 0.85 },
  run: async (): Promise<BenchResult[]> => {
    const samples: Record<string, Sample[]> = Object.fromEntries(keys.map((key) => [key, []]));
    for (let i = 0; i < rounds; i++) {
      const servers = await startServers();
      try {
        for (let k = 0; k < keys.length; k++) {
          const key = keys[(k + i) % keys.length] as string;
          // Warmed right before its own measured load, so no server idles longer than another in between.
          await load(servers[key] as Server, warmUpSeconds);
          samples[key]?.push(await load(servers[key] as Server, secondsPerRound));
        }
      } finally {
        stopServers(servers);
      }
    }
    const baselineRuns = samples.fastify ?? [];
    const baselineCpuUs = median(baselineRuns.map((s) => s.cpuUs));
    return keys.map((key): BenchResult => {
      const runs = samples[key] ?? [];
      const failed = runs.reduce((n, s) => n + s.failed, 0);
      if (failed > 0) throw new Error(`${(cases[key] as Case).name}: ${failed} failed requests`);
      // Rates (requests per CPU-µs), so that higher is better as pairedRatios expects.
      const ratios = pairedRatios(runs.map((s) => 1 / s.cpuUs), baselineRuns.map((s) => 1 / s.cpuUs));
      const typical = [...runs].sort((a, b) => a.cpuUs - b.cpuUs)[Math.floor(runs.length / 2)];
      return {
        name: (cases[key] as Case).name,
        opsPerSec: (1e6 / baselineCpuUs) * ratios.perRound,
        otherRatios: [ratios.ofMedians],
        roundRatios: ratios.rounds,
        ...(typical === undefined ? {} : { p50Ms: typical.p50, p99Ms: typical.p99 }),
        notes: `requests per server CPU-second: baseline median x median per-round ratio; own median ${typical?.cpuUs.toFixed(1) ?? "?"} µs server CPU a request (rounds: ${runs.map((s) => s.cpuUs.toFixed(1)).join(", ")}); wall clock ${Math.round(typical?.rps ?? 0)} req/s; autocannon CLI, ${connections} connections, ${rounds} rounds x ${secondsPerRound} s, fresh server processes each round, order rotated`,
      };
    });
  },
});
