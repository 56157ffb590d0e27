import type { Labels } from "@hexkit/core";
import { type AdmittedLabels, type LabelIndex, createLabelIndex } from "../label-guard.js";
import type { InstrumentContext } from "./instrument-context.js";

/**
 * The series of one instrument, in the order they were first recorded: a
 * record finds (or makes) its series through the label index, and `reset`
 * forgets them all. An unlabelled instrument always has its one series, so
 * it is exposed (at zero) before its first record, as prom-client does, and
 * again right after a reset.
 */
export class SeriesTable<S extends { readonly labels: AdmittedLabels }> {
  /** Every series, oldest first: what the registry renders. */
  readonly all: S[] = [];
  /** The series of a label set, made on first use; a `Rejection` when the labels are refused. */
  readonly find: LabelIndex<S>;
  readonly #unlabelled: boolean;
  readonly #ctx: InstrumentContext;

  constructor(ctx: InstrumentContext, make: (labels: AdmittedLabels) => S) {
    this.#ctx = ctx;
    this.find = createLabelIndex(ctx.labelNames, ctx.maxLabelSets, (labels) => {
      const series = make(labels);
      this.all.push(series);
      return series;
    });
    this.#unlabelled = ctx.labelNames.length === 0;
    this.#exposeUnlabelled();
  }

  /**
   * The series a record goes to, or `undefined` once the drop is reported:
   * `valueOk` false drops it as `invalid_value`, refused labels with the
   * guard's reason. Never throws.
   */
  recordTo(labels: Labels | undefined, valueOk: boolean): S | undefined {
    const ctx = this.#ctx;
    if (!valueOk) {
      ctx.onDrop(ctx.name, "invalid_value");
      return undefined;
    }
    const series = this.find(labels);
    if (typeof series === "string") {
      ctx.onDrop(ctx.name, series);
      return undefined;
    }
    return series;
  }

  /** Forgets every series (an unlabelled instrument gets a fresh zero one). */
  reset(): void {
    this.all.length = 0;
    this.find.clear();
    this.#exposeUnlabelled();
  }

  #exposeUnlabelled(): void {
    if (this.#unlabelled) this.find(undefined);
  }
}
