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
}

/**
 * Calls a target met or MISSED only when the run can tell, and "unsure"
 * otherwise. A run can tell when every estimate of the row's ratio falls on
 * the same side of the target by more than the control row's distance from
 * 1.000×: the control measures the baseline again, so that distance is the
 * noise of this very run. Why more than one estimate: the median of
 * per-round ratios and the ratio of the medians agree on a steady machine,
 * and when they do not, the rounds were too uneven for either alone (one run
 * on the 2-vCPU VM gave 1.025× and 0.845× for the same row). Never throws; a
 * missing or non-finite figure makes the verdict "unsure".
 */
export function verdictOf({ target, estimates, control }: VerdictInput): Verdict {
  if (estimates.length === 0 || !estimates.every(Number.isFinite)) return "unsure";
  if (control !== undefined && !Number.isFinite(control)) return "unsure";
  const noise = control === undefined ? 0 : Math.abs(control - 1);
  if (Math.min(...estimates) >= target + noise) return "met";
  if (Math.max(...estimates) < target - noise) return "MISSED";
  return "unsure";
}

const times = (n: number): string => `${n.toFixed(3)}×`;

/**
 * The target column of the table: `0.90× met`, `0.90× MISSED`, or for
 * "unsure" the figures that left it open, e.g.
 * `0.90× unsure (0.845–1.025×, control 1.089×)`.
 */
export function verdictCell(input: VerdictInput): string {
  const verdict = verdictOf(input);
  const head = `${input.target.toFixed(2)}× ${verdict}`;
  if (verdict !== "unsure") return head;
  const low = Math.min(...input.estimates);
  const high = Math.max(...input.estimates);
  const spread = low === high ? times(low) : `${low.toFixed(3)}–${times(high)}`;
  return `${head} (${spread}${input.control === undefined ? "" : `, control ${times(input.control)}`})`;
}
