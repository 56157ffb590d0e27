import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { askChild as ask, type BenchResult, defineBench } from "@hexkit/bench";
import autocannon from "autocannon";

const rounds = 10;
const secondsPerRound = 0.75;
const cases = {
  off: "metrics + tracing off",
  metrics: "metrics on",
  on: "metrics + tracing on (every request sampled)",
  sampled: "metrics + tracing on (10% sampled)",
} as const;
type Side = keyof typeof cases;

/**
 * The same route served by a hexkit app with metrics (prom-client) and
 * tracing (OpenTelemetry SDK, no exporter: export runs in batches off the
 * request path) on, with every request sampled and with 10% sampled (a usual
 * production ratio), with metrics only, and with both off.
 * All three keep the context store (correlation ids), which every hexkit
 * service runs. Load comes from this process (autocannon), each app runs in a
 * child of its own, and the cases are measured in rotating rounds so drift
 * hits each alike. A case's ratio is the median of its per-round ratios to
 * the baseline measured in the same round (seconds apart), which a busy
 * machine moves less than a ratio of two medians taken over the whole run;
 * the figure in the table is the baseline's median times that ratio, and the
 * case's own median is in the notes.
 *
 * The figure is requests per CPU-second of the server process, not per
 * wall-clock second: on a shared machine (CI, several jobs on two cores) the
 * wall-clock rate mostly measures the neighbours, while the CPU time the
 * server spends per request is what observability adds. The wall-clock rate
 * is in the notes.
 */
export default defineBench({
  kind: "custom",
  group: "http: hexkit app with metrics + tracing on vs off",
  baseline: cases.off,
  targets: { [cases.on]: 0.9, [cases.sampled]: 0.9, [cases.metrics]: 0.95 },
  run: async (): Promise<BenchResult[]> => {
    const sides = Object.keys(cases) as Side[];
    const servers = sides.map((side) => ({
      side,
      child: fork(fileURLToPath(new URL("./http-server.ts", import.meta.url)), [side], { stdio: ["ignore", "inherit", "inherit", "ipc"] }),
    }));
    try {
      const urls = Object.fromEntries(
        await Promise.all(servers.map(async ({ side, child }) => [side, (await ask<{ url: string }>(child)).url] as const)),
      ) as Record<Side, string>;
      const childOf = Object.fromEntries(servers.map(({ side, child }) => [side, child])) as Record<Side, ChildProcess>;
      const cpu = async (side: Side) => (await ask<{ cpuMicros: number }>(childOf[side], "cpu")).cpuMicros;
      const load = async (side: Side, duration: number) => {
        const before = await cpu(side);
        const result = await autocannon({ url: urls[side], connections: 16, duration });
        const cpuSeconds = ((await cpu(side)) - before) / 1e6;
        return { ...result, perCpuSecond: result.requests.total / cpuSeconds };
      };
      for (const side of sides) await load(side, 1);
      const samples: Record<Side, Awaited<ReturnType<typeof load>>[]> = { off: [], metrics: [], on: [], sampled: [] };
      for (let i = 0; i < rounds; i++) {
        for (let k = 0; k < sides.length; k++) {
          const side = sides[(i + k) % sides.length]!;
          samples[side].push(await load(side, secondsPerRound));
        }
      }
      const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      const baseline = median(samples.off.map((r) => r.perCpuSecond));
      return sides.map((side): BenchResult => {
        const runs = samples[side];
        const failures = runs.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0);
        if (failures > 0) throw new Error(`${cases[side]}: ${failures} failed requests`);
        const ratio = median(runs.map((r, i) => r.perCpuSecond / samples.off[i]!.perCpuSecond));
        const own = median(runs.map((r) => r.perCpuSecond));
        const typical = runs.find((r) => r.perCpuSecond === own)!;
        return {
          name: cases[side],
          opsPerSec: baseline * ratio,
          p50Ms: typical.latency.p50,
          p99Ms: typical.latency.p99,
          notes: `requests per server CPU-second: baseline median x median per-round ratio; own median ${(1e6 / own).toFixed(1)} µs server CPU a request; wall clock ${Math.round(typical.requests.average)} req/s; ${rounds} rounds x ${secondsPerRound} s, 16 connections`,
        };
      });
    } finally {
      for (const { child } of servers) if (child.connected) child.send("stop");
    }
  },
});
