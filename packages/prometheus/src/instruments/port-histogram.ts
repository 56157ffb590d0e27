import type { Histogram, Labels } from "@hexkit/core";
import type { AdmittedLabels } from "../label-guard.js";
import type { InstrumentContext } from "./instrument-context.js";
import type { RegistryMetric, RegistrySnapshot, RegistryValue } from "./registry-metric.js";
import { SeriesTable } from "./series-table.js";

interface HistogramSeries {
  readonly labels: AdmittedLabels;
  sum: number;
  count: number;
  /** Observations per bucket (not cumulative), in the order of the bounds. */
  readonly buckets: number[];
}

/**
 * The port's Histogram, kept by the adapter and rendered by the registry
 * exactly as a prom-client Histogram with the same buckets would be. Why not
 * a prom-client Histogram: besides the label key it builds and hashes per
 * record, prom-client keys bucket counts by the bound as a number, which
 * converts a fraction like 0.005 to a string on every `observe`. Here a
 * record finds its series through the label index and counts into an array.
 * Non-finite values are dropped.
 */
export class PortHistogram implements Histogram, RegistryMetric {
  readonly type = "histogram";
  readonly aggregator = "sum";
  readonly name: string;
  readonly help: string;
  readonly #ctx: InstrumentContext;
  /** Upper bounds in the exposed unit. */
  readonly #bounds: readonly number[];
  readonly #series: SeriesTable<HistogramSeries>;

  constructor(ctx: InstrumentContext, exposedBuckets: readonly number[]) {
    this.name = ctx.name;
    this.help = ctx.help;
    this.#ctx = ctx;
    const bounds = [...exposedBuckets];
    this.#bounds = bounds;
    this.#series = new SeriesTable(ctx, (labels) => ({ labels, sum: 0, count: 0, buckets: bounds.map(() => 0) }));
  }

  observe(value: number, labels?: Labels): void {
    const series = this.#series.recordTo(labels, Number.isFinite(value));
    if (series === undefined) return;
    const v = value / this.#ctx.divisor;
    series.sum += v;
    series.count += 1;
    const bounds = this.#bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (v <= (bounds[i] as number)) {
        (series.buckets[i] as number)++;
        return;
      }
    }
  }

  /** What the registry renders as text: per series, the cumulative buckets, `+Inf`, `_sum` and `_count`. */
  getForPromString(): Promise<RegistrySnapshot> {
    const bucketName = `${this.name}_bucket`;
    const values: RegistryValue[] = [];
    for (const s of this.#series.all) {
      let cumulative = 0;
      for (let i = 0; i < this.#bounds.length; i++) {
        cumulative += s.buckets[i] as number;
        values.push({ labels: { le: this.#bounds[i] as number }, sharedLabels: s.labels, value: cumulative, metricName: bucketName, exemplar: null });
      }
      values.push(
        { labels: { le: "+Inf" }, sharedLabels: s.labels, value: s.count, metricName: bucketName, exemplar: null },
        { labels: {}, sharedLabels: s.labels, value: s.sum, metricName: `${this.name}_sum` },
        { labels: {}, sharedLabels: s.labels, value: s.count, metricName: `${this.name}_count` },
      );
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }

  /** The same values with each line's labels in one object (`le` first), as prom-client's `get`. */
  async get(): Promise<RegistrySnapshot> {
    const data = await this.getForPromString();
    return {
      ...data,
      values: data.values.map(({ sharedLabels, labels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } })),
    };
  }

  /** Forgets every series (an unlabelled histogram goes back to all zero). */
  reset(): void {
    this.#series.reset();
  }
}
