import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { askChild as ask, type BenchResult, defineBench, median, pairedRatios } from "@hexkit/bench";
import autocannon from "autocannon";

const rounds = 10;
const warmUpSeconds = 0.75;
const secondsPerRound = 0.75;
/** CPU the calibration row spends in every request, in µs. */
const calibrationSpinUs = 2;
const cases = {
  off: "metrics + tracing off",
  copy: "metrics + tracing off, second process (control)",
  spin: `metrics + tracing off + ${calibrationSpinUs} µs of CPU a request (calibration)`,
  metrics: "metrics on",
  on: "metrics + tracing on (every request sampled)",
  sampled: "metrics + tracing on (10% sampled)",
  handOff: "by hand: raw Fastify + AsyncLocalStorage",
  handOn: "by hand: raw Fastify + AsyncLocalStorage + prom-client + OpenTelemetry SDK span",
} as const;
type Side = keyof typeof cases;
/** How http-server.ts is started for each case. */
const serverArgs: Record<Side, readonly string[]> = {
  off: ["off"],
  copy: ["off-copy"],
  spin: ["off-spin"],
  metrics: ["metrics"],
  on: ["on"],
  sampled: ["sampled"],
  handOff: ["hand-off"],
  handOn: ["hand-on"],
};
/** Cases compared with another case of the same round instead of with off. */
const pairedWith: Partial<Record<Side, Side>> = { handOn: "handOff" };
const sides = Object.keys(cases) as Side[];

interface Sample {
  readonly perCpuSecond: number;
  readonly wallRps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
}

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
}

const serverFile = fileURLToPath(new URL("./http-server.ts", import.meta.url));
const byHandFile = fileURLToPath(new URL("./http-server-by-hand.ts", import.meta.url));

async function startServers(): Promise<Record<Side, Server>> {
  const started = await Promise.all(
    sides.map(async (side) => {
      const child = fork(side === "handOff" || side === "handOn" ? byHandFile : serverFile, [...serverArgs[side]], {
        stdio: ["ignore", "inherit", "inherit", "ipc"],
        env: { ...process.env, HEXKIT_BENCH_SPIN_US: side === "spin" ? String(calibrationSpinUs) : "0" },
      });
      return [side, { child, url: (await ask<{ url: string }>(child)).url }] as const;
    }),
  );
  return Object.fromEntries(started) as Record<Side, Server>;
}

function stopServers(servers: Readonly<Record<Side, Server>>): void {
  for (const { child } of Object.values(servers)) if (child.connected) child.send("stop");
}

/** Loads one server for `seconds` and measures what it answered per CPU-second of its own. */
async function load(server: Server, seconds: number): Promise<Sample> {
  const cpu = async () => (await ask<{ cpuMicros: number }>(server.child, "cpu")).cpuMicros;
  const before = await cpu();
  const result = await autocannon({ url: server.url, connections: 16, duration: seconds });
  const cpuSeconds = ((await cpu()) - before) / 1e6;
  return {
    perCpuSecond: result.requests.total / cpuSeconds,
    wallRps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.errors + result.timeouts + result.non2xx,
  };
}

/**
 * The same route served by a hexkit app with metrics (prom-client) and
 * tracing (OpenTelemetry SDK; no exporter, so no span outlives its request)
 * on, with every request sampled and with 10% sampled (a usual production
 * ratio), with metrics only, and with both off. All keep the context store
 * (correlation ids), which every hexkit service runs. Load comes from this
 * process (autocannon); each case is served by a child process of its own.
 *
 * The figure is requests per CPU-second of the server process, not per
 * wall-clock second: on a shared machine the wall-clock rate mostly measures
 * the neighbours, while the CPU the server spends per request is what
 * observability adds. The wall-clock rate is in the notes.
 *
 * Why fresh processes every round: two processes of the very same server
 * measured up to 9 % apart for a whole run (JIT and memory layout are decided
 * once per process), which no number of rounds on the same processes
 * averages out. So every round starts all servers anew and loads them one
 * at a time, in an order that rotates each round, each warmed up right
 * before its measured load. (When all were warmed first, off first, off
 * idled longest before its load, and the control came out at 1.029x of off
 * over eight slow-spell runs: likely a bias against off in every ratio.)
 * A case's ratio is the median of its per-round ratios to the baseline of
 * the same round; the figure in the table is the baseline's median times
 * that ratio.
 *
 * Two more rows serve the route on raw Fastify with observability written
 * by hand (http-server-by-hand.ts): the usual way's cost of the same
 * tracing, the "on" one compared with the "off" one of its own round.
 *
 * Two rows say how far to trust the others, in every run:
 * - the control serves exactly the baseline from other processes: its
 *   distance from 1.000× is the noise of this run;
 * - the calibration is the baseline plus a fixed amount of busy CPU per
 *   request: what that much extra work costs in this ratio on this machine
 *   (on a 2-vCPU VM under closed-loop load, every µs of work costs more than
 *   a µs, since a slower server also wakes its client more often).
 */
export default defineBench({
  kind: "custom",
  group: "http: hexkit app with metrics + tracing on vs off",
  baseline: cases.off,
  control: cases.copy,
  targets: { [cases.on]: 0.9, [cases.sampled]: 0.9, [cases.metrics]: 0.95 },
  run: async (): Promise<BenchResult[]> => {
    const samples = Object.fromEntries(sides.map((side) => [side, [] as Sample[]])) as Record<Side, Sample[]>;
    for (let i = 0; i < rounds; i++) {
      const servers = await startServers();
      try {
        for (let k = 0; k < sides.length; k++) {
          const side = sides[(i + k) % sides.length] as Side;
          // Warmed right before its own measured load, so no server idles longer than another in between.
          await load(servers[side], warmUpSeconds);
          samples[side].push(await load(servers[side], secondsPerRound));
        }
      } finally {
        stopServers(servers);
      }
    }
    const rates = (side: Side): number[] => samples[side].map((s) => s.perCpuSecond);
    const ratiosTo = (side: Side, against: Side) => pairedRatios(rates(side), rates(against));
    const offMedian = median(rates("off"));
    // What a row reports: off's median times its ratio to off; a paired row, its partner's figure times their ratio.
    const reported = (side: Side): number => {
      const against = pairedWith[side];
      return against === undefined ? offMedian * ratiosTo(side, "off").perRound : reported(against) * ratiosTo(side, against).perRound;
    };
    return sides.map((side): BenchResult => {
      const runs = samples[side];
      const failures = runs.reduce((n, s) => n + s.failed, 0);
      if (failures > 0) throw new Error(`${cases[side]}: ${failures} failed requests`);
      const against = pairedWith[side] ?? "off";
      const own = median(rates(side));
      const typical = runs.find((s) => s.perCpuSecond === own) ?? runs[0];
      const { ofMedians, rounds: roundRatios } = ratiosTo(side, against);
      return {
        name: cases[side],
        opsPerSec: reported(side),
        otherRatios: [ofMedians],
        roundRatios,
        ...(against === "off" ? {} : { baseline: cases[against] }),
        ...(typical === undefined ? {} : { p50Ms: typical.p50, p99Ms: typical.p99 }),
        notes: `requests per server CPU-second: baseline median x median per-round ratio (ratio of medians ${ofMedians.toFixed(3)}×); own median ${(1e6 / own).toFixed(1)} µs server CPU a request (rounds: ${runs.map((s) => (1e6 / s.perCpuSecond).toFixed(1)).join(", ")}); wall clock ${Math.round(typical?.wallRps ?? 0)} req/s; ${rounds} rounds x ${secondsPerRound} s, fresh server processes each round, 16 connections`,
      };
    });
  },
});
