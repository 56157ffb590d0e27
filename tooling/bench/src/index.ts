/**
 * The shape of a bench file. Every package may put files at
 * `bench/*.bench.ts` whose default export is a `BenchSuite`; `pnpm bench`
 * runs each file in its own process and prints one table where every case
 * shows its ops/s and its ratio to the suite's baseline, measured in the same
 * run. Ratios, not absolute numbers, are what we compare across machines.
 */

/** Micro benchmarks timed by tinybench in this process. */
export interface MicroBenchSuite {
  readonly kind: "micro";
  /** Heading of the suite in the table, e.g. "core: ResultAsync chain". */
  readonly group: string;
  /** The name of the task every other task's ratio is computed against. */
  readonly baseline: string;
  /** Task name -> one operation. May be async. */
  readonly tasks: Readonly<Record<string, () => unknown>>;
  /** Minimum ratio a named task should reach against the baseline (reported, never asserted). */
  readonly targets?: Readonly<Record<string, number>>;
  /** How long to time each task, in ms (default 1000). */
  readonly timeMs?: number;
  readonly setup?: () => Promise<void> | void;
  readonly teardown?: () => Promise<void> | void;
}

/** One measured case of a custom suite (e.g. a load test driven by a separate process). */
export interface BenchResult {
  readonly name: string;
  /** Operations (requests, jobs, lines) per second. */
  readonly opsPerSec: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  /** Anything else worth a column: errors, peak RSS in MB, … */
  readonly notes?: string;
  /** Compare this row with another row of the suite instead of the suite's baseline (e.g. the same concurrency). */
  readonly baseline?: string;
  /**
   * The row's ratio to its baseline by other estimators over the same
   * samples, beside the one `opsPerSec` carries (e.g. the ratio of the
   * medians beside the median per-round ratio; see pairedRatios). A target
   * is called met or MISSED only when all of them agree (see verdictOf).
   */
  readonly otherRatios?: readonly number[];
  /** The row's ratio to its baseline in each round, for suites that pair rounds (weighed by a sign test; see verdictOf). */
  readonly roundRatios?: readonly number[];
}

/** Benchmarks that measure themselves (HTTP load, queues end to end). */
export interface CustomBenchSuite {
  readonly kind: "custom";
  readonly group: string;
  readonly baseline: string;
  readonly targets?: Readonly<Record<string, number>>;
  /**
   * The row that measures the baseline again under another name: its
   * distance from 1.000× is the run's noise, and a target closer to a row's
   * ratio than that is reported "unsure" rather than met or MISSED.
   */
  readonly control?: string;
  /** Runs every case, baseline included, in the same run, and reports them. */
  readonly run: () => Promise<readonly BenchResult[]>;
}

export type BenchSuite = MicroBenchSuite | CustomBenchSuite;

/** Identity helper that checks a suite's shape. */
export function defineBench<const S extends BenchSuite>(suite: S): S {
  return suite;
}
export { askChild } from "./ask-child.js";
export { serveParent } from "./serve-parent.js";
export { calibrationSpin, median, pairedRatios, type PairedRatios } from "./stats.js";
export { type Verdict, type VerdictInput, verdictCell, verdictOf } from "./verdict.js";
