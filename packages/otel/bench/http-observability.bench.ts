import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type BenchResult, defineBench } from "@hexkit/bench";
import autocannon from "autocannon";

const rounds = 3;
const secondsPerRound = 3;

/**
 * The same route served by a hexkit app with metrics (prom-client), tracing
 * (OpenTelemetry SDK, every request sampled, no exporter: export happens in
 * batches off the request path and costs the collector, not the request) and
 * the context store on, and by one with all three off. Load comes from this
 * process (autocannon), the apps run in a child, and the two are measured in
 * alternating rounds so drift hits both; each side's figure is its median.
 */
export default defineBench({
  kind: "custom",
  group: "http: hexkit app with metrics + tracing on vs off",
  baseline: "observability off",
  targets: { "metrics + tracing + context on": 0.9 },
  run: async (): Promise<BenchResult[]> => {
    const child = fork(fileURLToPath(new URL("./http-server.ts", import.meta.url)), { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    try {
      const urls = await new Promise<{ off: string; on: string }>((resolve, reject) => {
        child.once("message", (m) => { resolve(m as { off: string; on: string }); });
        child.once("exit", (code) => { reject(new Error(`bench server exited with ${String(code)}`)); });
      });
      const load = (url: string, duration: number) => autocannon({ url, connections: 16, duration });
      await load(urls.off, 1);
      await load(urls.on, 1);
      const samples: Record<"off" | "on", Awaited<ReturnType<typeof load>>[]> = { off: [], on: [] };
      for (let i = 0; i < rounds; i++) {
        for (const side of i % 2 === 0 ? (["off", "on"] as const) : (["on", "off"] as const)) {
          samples[side].push(await load(urls[side], secondsPerRound));
        }
      }
      const row = (name: string, runs: (typeof samples)["on"]): BenchResult => {
        const sorted = [...runs].sort((a, b) => a.requests.average - b.requests.average);
        const median = sorted[Math.floor(sorted.length / 2)]!;
        const failures = runs.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0);
        if (failures > 0) throw new Error(`${name}: ${failures} failed requests`);
        return { name, opsPerSec: median.requests.average, p50Ms: median.latency.p50, p99Ms: median.latency.p99, notes: `median of ${rounds} x ${secondsPerRound} s, 16 connections` };
      };
      return [row("observability off", samples.off), row("metrics + tracing + context on", samples.on)];
    } finally {
      child.send("stop");
    }
  },
});
