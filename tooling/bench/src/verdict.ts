/**
 * What `pnpm bench` says of a row with a target: met, MISSED, or unsure when
 * one run cannot tell. Kept apart from run.mjs so the rule is tested.
 */

/** How a row's ratio stands against its target in one run. */
export type Verdict = "met" | "MISSED" | "unsure";

/** One row's figures in one run, as the verdict weighs them. */
export interface VerdictInput {
  /** The minimum ratio to the baseline that the row should reach. */
  readonly target: number;
  /** The row's ratio to its baseline by every estimator the run used (at least one). */
  readonly estimates: readonly number[];
  /** The control row's ratio to the baseline in the same run, when the suite has one. */
  readonly control?: number | undefined;
  /** The row's ratio in each round, when the suite pairs rounds (see pairedRatios). */
  readonly rounds?: readonly number[] | undefined;
}

/** How unlikely a side's count of rounds must be under chance alone for the verdict to take that side. */
export const signTestLevel = 0.05;

/** How many rounds reach the target (a round exactly at it counts as reaching it). */
const clearing = (rounds: readonly number[], target: number): number => rounds.filter((r) => r >= target).length;

/** P(at least `k` of `n` fair coin flips land heads): the one-sided p-value of a sign test. */
export function signTestP(k: number, n: number): number {
  let sum = 0;
  let choose = 1; // C(n, 0), then C(n, i) step by step
  for (let i = 0; i <= n; i++) {
    if (i >= k) sum += choose;
    choose = (choose * (n - i)) / (i + 1);
  }
  return sum / 2 ** n;
}

/**
 * Calls a target met or MISSED only when the run can tell, and "unsure"
 * otherwise. A run can tell when both hold for one side:
 *
 * - every estimate of the row's ratio falls on that side of the target by
 *   more than the control row's distance from 1.000× (the control measures
 *   the baseline again, so that distance is the noise of this very run). Why
 *   more than one estimate: the median of per-round ratios and the ratio of
 *   the medians agree on a steady machine, and when they do not, the rounds
 *   were too uneven for either alone (one run on the 2-vCPU VM gave 1.025×
 *   and 0.845× for the same row);
 * - where the suite pairs rounds, so many rounds fall on that side that
 *   chance alone would put them there with probability at most
 *   `signTestLevel` (a sign test: 5 of 5 rounds, 9 of 10, 12 of 15). One
 *   control is one draw of the noise; the rounds are many (a run whose
 *   control sat at 0.976× had a row's rounds spread over 0.63–1.14×).
 *
 * Never throws; a missing or non-finite figure makes the verdict "unsure".
 */
export function verdictOf({ target, estimates, control, rounds }: VerdictInput): Verdict {
  if (estimates.length === 0 || !estimates.every(Number.isFinite)) return "unsure";
  if (control !== undefined && !Number.isFinite(control)) return "unsure";
  if (rounds !== undefined && (rounds.length === 0 || !rounds.every(Number.isFinite))) return "unsure";
  const noise = control === undefined ? 0 : Math.abs(control - 1);
  const cleared = rounds === undefined ? 0 : clearing(rounds, target);
  const roundsSay = (count: number): boolean => rounds === undefined || signTestP(count, rounds.length) <= signTestLevel;
  if (Math.min(...estimates) >= target + noise && roundsSay(cleared)) return "met";
  if (Math.max(...estimates) < target - noise && roundsSay((rounds?.length ?? 0) - cleared)) return "MISSED";
  return "unsure";
}

const times = (n: number): string => `${n.toFixed(3)}×`;

/**
 * The target column of the table: `0.90× met`, `0.90× MISSED`, or for
 * "unsure" the figures that left it open, e.g.
 * `0.90× unsure (0.845–1.025×, control 1.089×, 6 of 10 rounds clear it)`.
 */
export function verdictCell(input: VerdictInput): string {
  const verdict = verdictOf(input);
  const head = `${input.target.toFixed(2)}× ${verdict}`;
  if (verdict !== "unsure" || input.estimates.length === 0) return head;
  const low = Math.min(...input.estimates);
  const high = Math.max(...input.estimates);
  const spread = low === high ? times(low) : `${low.toFixed(3)}–${times(high)}`;
  const control = input.control === undefined ? "" : `, control ${times(input.control)}`;
  const rounds = input.rounds === undefined ? "" : `, ${clearing(input.rounds, input.target)} of ${input.rounds.length} rounds clear it`;
  return `${head} (${spread}${control}${rounds})`;
}
