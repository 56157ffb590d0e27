/** The middle value of `values` (the upper one of the two middles for an even count); NaN for none. Never mutates `values`. */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

/** A case's ratio to its baseline, by two estimators over the same rounds (see pairedRatios). */
export interface PairedRatios {
  /** The median of the per-round ratios: cancels drift between rounds. */
  readonly perRound: number;
  /** The ratio of the two medians: no single odd round of the baseline can swing it. */
  readonly ofMedians: number;
  /** Each round's ratio, in round order (for the sign test; see verdictOf). */
  readonly rounds: readonly number[];
}

/**
 * A case's ratio to its baseline from rates (higher is better, e.g.
 * requests per CPU-second) measured in the same rounds, `own[i]` with
 * `baseline[i]`. The two estimators agree on a steady machine; when they
 * do not, the rounds were too uneven for either alone, which is why a
 * verdict weighs both, and each round's ratio (see verdictOf). Both
 * estimates are NaN, and `rounds` empty, unless every round has one sample
 * of each.
 */
export function pairedRatios(own: readonly number[], baseline: readonly number[]): PairedRatios {
  if (own.length === 0 || own.length !== baseline.length) return { perRound: Number.NaN, ofMedians: Number.NaN, rounds: [] };
  const rounds = own.map((rate, i) => rate / (baseline[i] as number));
  return { perRound: median(rounds), ofMedians: median(own) / median(baseline), rounds };
}

/**
 * The busy CPU a calibration row spends per request: HEXKIT_BENCH_SPIN_US µs
 * (0 or unset: nothing), read once. Returns the function to call on the
 * request path; it spins on the monotonic clock, so it costs that much CPU
 * whatever the machine's speed.
 */
export function calibrationSpin(): () => void {
  const ms = Number(process.env.HEXKIT_BENCH_SPIN_US ?? 0) / 1000;
  if (!(ms > 0)) return () => undefined;
  return () => {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // busy: stands for work a concern would add
    }
  };
}
