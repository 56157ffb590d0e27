/** The middle value of `values` (the upper one of the two middles for an even count); NaN for none. Never mutates `values`. */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
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
