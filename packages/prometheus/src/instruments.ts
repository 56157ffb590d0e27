import type { Counter, Gauge, Histogram, Labels } from "@hexkit/core";
import type { Gauge as PromGauge } from "prom-client";
import { type AdmittedLabels, type LabelIndex, type Rejection, createLabelGuard, createLabelIndex } from "./label-guard.js";

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

/**
 * What a prom-client Registry reads from a metric it renders (`get`,
 * `getForPromString`), resets (`reset`) or aggregates across a cluster
 * (`aggregator`): the shape of prom-client's own metric objects, whose
 * output these instruments reproduce line for line.
 */
export interface RegistryMetric {
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "histogram";
  readonly aggregator: "sum";
  get(): Promise<RegistrySnapshot>;
  reset(): void;
}

/** One line of a metric as a registry reads it (prom-client's `MetricValueWithName`, plus `sharedLabels` for text). */
export interface RegistryValue {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly metricName?: string;
  readonly sharedLabels?: AdmittedLabels;
  /** Always null on bucket lines (no exemplars), as prom-client writes it. */
  readonly exemplar?: null;
}

/** A metric's lines as a registry reads them (prom-client's `MetricObjectWithValues`). */
export interface RegistrySnapshot {
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "histogram";
  readonly aggregator: "sum";
  readonly values: readonly RegistryValue[];
}

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
  readonly #series: CounterSeries[] = [];
  readonly #index: LabelIndex<CounterSeries>;

  constructor(ctx: InstrumentContext) {
    this.name = ctx.name;
    this.help = ctx.help;
    this.#ctx = ctx;
    this.#index = createLabelIndex(ctx.labelNames, ctx.maxLabelSets, (labels) => {
      const series = { labels, value: 0 };
      this.#series.push(series);
      return series;
    });
    this.#exposeUnlabelled();
  }

  inc(labels?: Labels, value = 1): void {
    const ctx = this.#ctx;
    if (!(value >= 0 && value !== Infinity)) {
      ctx.onDrop(ctx.name, "invalid_value");
      return;
    }
    const series = this.#index(labels);
    if (typeof series === "string") {
      ctx.onDrop(ctx.name, series);
      return;
    }
    series.value += value / ctx.divisor;
  }

  get(): Promise<RegistrySnapshot> {
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values: this.#series.map((s) => ({ value: s.value, labels: { ...s.labels } })),
    });
  }

  /** Forgets every series (an unlabelled counter goes back to 0), as prom-client's. */
  reset(): void {
    this.#series.length = 0;
    this.#index.clear();
    this.#exposeUnlabelled();
  }

  // An unlabelled counter is exposed at 0 before its first record, as prom-client does.
  #exposeUnlabelled(): void {
    if (this.#ctx.labelNames.length === 0) this.#index(undefined);
  }
}

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
  readonly #series: HistogramSeries[] = [];
  readonly #index: LabelIndex<HistogramSeries>;

  constructor(ctx: InstrumentContext, exposedBuckets: readonly number[]) {
    this.name = ctx.name;
    this.help = ctx.help;
    this.#ctx = ctx;
    this.#bounds = [...exposedBuckets];
    this.#index = createLabelIndex(ctx.labelNames, ctx.maxLabelSets, (labels) => {
      const series = { labels, sum: 0, count: 0, buckets: this.#bounds.map(() => 0) };
      this.#series.push(series);
      return series;
    });
    this.#exposeUnlabelled();
  }

  observe(value: number, labels?: Labels): void {
    const ctx = this.#ctx;
    if (!Number.isFinite(value)) {
      ctx.onDrop(ctx.name, "invalid_value");
      return;
    }
    const series = this.#index(labels);
    if (typeof series === "string") {
      ctx.onDrop(ctx.name, series);
      return;
    }
    const v = value / ctx.divisor;
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
    for (const s of this.#series) {
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
    this.#series.length = 0;
    this.#index.clear();
    this.#exposeUnlabelled();
  }

  // An unlabelled histogram is exposed (all zero) before its first record, as prom-client does.
  #exposeUnlabelled(): void {
    if (this.#ctx.labelNames.length === 0) this.#index(undefined);
  }
}

// prom-client throws on bad input; the guard and the value checks make that
// unreachable, and the try/catch keeps the port's promise that recording
// never throws even if a future prom-client disagrees.

/** Wraps a prom-client gauge as the port's Gauge. Non-finite values are dropped. */
export function wrapGauge(gauge: PromGauge, ctx: InstrumentContext): Gauge {
  const { name, divisor, onDrop } = ctx;
  const guard = createLabelGuard(ctx.labelNames, ctx.maxLabelSets);
  const record = (op: "set" | "inc" | "dec", value: number, labels: Labels | undefined): void => {
    if (!Number.isFinite(value)) {
      onDrop(name, "invalid_value");
      return;
    }
    const admitted = guard(labels);
    if (typeof admitted === "string") {
      onDrop(name, admitted);
      return;
    }
    try {
      gauge[op](admitted, value / divisor);
    } catch {
      onDrop(name, "record_failed");
    }
  };
  return {
    set: (value, labels) => { record("set", value, labels); },
    inc: (labels, value = 1) => { record("inc", value, labels); },
    dec: (labels, value = 1) => { record("dec", value, labels); },
  };
}
