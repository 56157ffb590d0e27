import type { Counter, Labels } from "@hexkit/core";
import type { AdmittedLabels } from "../label-guard.js";
import type { InstrumentContext } from "./instrument-context.js";
import type { RegistryMetric, RegistrySnapshot } from "./registry-metric.js";
import { SeriesTable } from "./series-table.js";

interface CounterSeries {
  readonly labels: AdmittedLabels;
  value: number;
}

/**
 * The port's Counter, kept by the adapter and rendered by the registry. Why
 * not a prom-client Counter: prom-client validates the labels and builds and
 * hashes a key string on every `inc`, while here a record finds its series
 * with the label index (one identity check for a frozen label set seen last)
 * and adds to a number. Negative or non-finite increments are dropped.
 */
export class PortCounter implements Counter, RegistryMetric {
  readonly type = "counter";
  readonly aggregator = "sum";
  readonly name: string;
  readonly help: string;
  readonly #ctx: InstrumentContext;
  readonly #series: SeriesTable<CounterSeries>;

  constructor(ctx: InstrumentContext) {
    this.name = ctx.name;
    this.help = ctx.help;
    this.#ctx = ctx;
    this.#series = new SeriesTable(ctx, (labels) => ({ labels, value: 0 }));
  }

  inc(labels?: Labels, value = 1): void {
    const series = this.#series.recordTo(labels, value >= 0 && value !== Infinity);
    if (series !== undefined) series.value += value / this.#ctx.divisor;
  }

  get(): Promise<RegistrySnapshot> {
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values: this.#series.all.map((s) => ({ value: s.value, labels: { ...s.labels } })),
    });
  }

  /** Forgets every series (an unlabelled counter goes back to 0), as prom-client's. */
  reset(): void {
    this.#series.reset();
  }
}
