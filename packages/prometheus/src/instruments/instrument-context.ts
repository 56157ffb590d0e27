import type { Rejection } from "../label-guard.js";

/** Why a record was dropped: a label problem, a value that is not a finite number (or a negative count), or prom-client refusing it. */
export type DropReason = Rejection | "invalid_value" | "record_failed";

/** Called for every dropped record; counts it and never throws. */
export type OnDrop = (metric: string, reason: DropReason) => void;

/** What every instrument needs: the exposed name, its labels and cap, the unit divisor, and where drops go. */
export interface InstrumentContext {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly maxLabelSets: number;
  readonly divisor: number;
  readonly onDrop: OnDrop;
}
