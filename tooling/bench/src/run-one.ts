// Runs one bench file in this process and prints its rows as one JSON line
// behind a marker, for tooling/bench/run.mjs to collect. One process per file
// keeps suites from disturbing each other (JIT state, GC, open sockets).
import { pathToFileURL } from "node:url";
import { Bench } from "tinybench";
import type { BenchResult, BenchSuite, MicroBenchSuite } from "./index.js";
import { median, pairedRatios } from "./stats.js";

export const marker = "__HEXKIT_BENCH__";

/** Rounds a micro suite is split into; the order of its tasks rotates every round. */
const microRounds = 5;

interface MicroSample {
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * Times every task in `microRounds` rounds of `timeMs / microRounds` each, in
 * an order that rotates every round, and reports each task as the baseline's
 * median throughput times the median of its per-round ratios to the
 * baseline. Why not one long run per task in a fixed order: on a shared or
 * virtual machine the speed drifts within seconds, so the task timed last
 * met other conditions than the one timed first (the same task measured
 * 0.7× and 1.4× of its baseline in two runs that way). Only the first round
 * warms up; later rounds run JIT-compiled code.
 */
async function runMicro(suite: MicroBenchSuite): Promise<BenchResult[]> {
  await suite.setup?.();
  try {
    const names = Object.keys(suite.tasks);
    const samples = new Map<string, MicroSample[]>(names.map((name) => [name, []]));
    for (let round = 0; round < microRounds; round++) {
      const bench = new Bench({ time: Math.max(50, (suite.timeMs ?? 1000) / microRounds), warmup: round === 0, warmupTime: 200 });
      for (let k = 0; k < names.length; k++) {
        const name = names[(round + k) % names.length] as string;
        bench.add(name, suite.tasks[name] as () => unknown);
      }
      await bench.run();
      for (const task of bench.tasks) {
        const result = task.result;
        if (result === undefined || result.error !== undefined) {
          throw new Error(`task "${task.name}" failed: ${result === undefined ? "no result" : String(result.error)}`);
        }
        samples.get(task.name)?.push({
          opsPerSec: result.throughput.mean,
          p50Ms: result.latency.p50 ?? result.latency.mean,
          p99Ms: result.latency.p99 ?? result.latency.max,
        });
      }
    }
    const baseline = (samples.get(suite.baseline) ?? []).map((s) => s.opsPerSec);
    const baselineOps = median(baseline);
    return names.map((name) => {
      const own = samples.get(name) ?? [];
      const ops = own.map((s) => s.opsPerSec);
      const ratios = pairedRatios(ops, baseline);
      const typicalOps = median(ops);
      const typical = own.find((s) => s.opsPerSec === typicalOps) ?? own[0];
      return {
        name,
        opsPerSec: baseline.length === 0 ? typicalOps : baselineOps * ratios.perRound,
        otherRatios: [ratios.ofMedians],
        roundRatios: ratios.rounds,
        ...(typical === undefined ? {} : { p50Ms: typical.p50Ms, p99Ms: typical.p99Ms }),
        notes: `${microRounds} rounds, order rotated, baseline median x median per-round ratio; own median ${Math.round(typicalOps).toLocaleString("en-US")} ops/s`,
      };
    });
  } finally {
    await suite.teardown?.();
  }
}

const file = process.argv[2];
if (!file) throw new Error("usage: run-one.ts <file.bench.ts>");
const mod = (await import(pathToFileURL(file).href)) as { default: BenchSuite };
const suite = mod.default;
const rows = suite.kind === "micro" ? await runMicro(suite) : await suite.run();
process.stdout.write(
  `\n${marker}${JSON.stringify({ group: suite.group, baseline: suite.baseline, control: suite.kind === "custom" ? suite.control : undefined, targets: suite.targets ?? {}, rows })}\n`,
);
process.exit(0);
