// Runs one bench file in this process and prints its rows as one JSON line
// behind a marker, for tooling/bench/run.mjs to collect. One process per file
// keeps suites from disturbing each other (JIT state, GC, open sockets).
import { pathToFileURL } from "node:url";
import { Bench } from "tinybench";
import type { BenchResult, BenchSuite, MicroBenchSuite } from "./index.js";

export const marker = "__HEXKIT_BENCH__";

async function runMicro(suite: MicroBenchSuite): Promise<BenchResult[]> {
  await suite.setup?.();
  try {
    const bench = new Bench({ time: suite.timeMs ?? 1000, warmupTime: 200 });
    for (const [name, fn] of Object.entries(suite.tasks)) bench.add(name, fn);
    await bench.run();
    return bench.tasks.map((task) => {
      const result = task.result;
      if (!result || "error" in result && result.error) {
        throw new Error(`task "${task.name}" failed: ${String((result as { error?: unknown } | undefined)?.error)}`);
      }
      return {
        name: task.name,
        opsPerSec: result.throughput.mean,
        p50Ms: result.latency.p50 ?? result.latency.mean,
        p99Ms: result.latency.p99 ?? result.latency.max,
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
  `\n${marker}${JSON.stringify({ group: suite.group, baseline: suite.baseline, targets: suite.targets ?? {}, rows })}\n`,
);
process.exit(0);
