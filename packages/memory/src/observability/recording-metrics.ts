import {
  type Counter,
  type Gauge,
  type Histogram,
  type Labels,
  latencyBucketsMs,
  type Metrics,
} from "@hexkit/core";

/** A histogram series: count, sum, and cumulative counts per upper bound (no +Inf). */
export interface RecordedHistogram {
  readonly count: number;
  readonly sum: number;
  readonly buckets: readonly { readonly le: number; readonly count: number }[];
}

/** A Metrics port that keeps every series in memory, readable by name and labels. */
export interface RecordingMetrics extends Metrics {
  /** A counter's or gauge's current value for `labels` (default none); `undefined` if never recorded. */
  value(name: string, labels?: Labels): number | undefined;
  /** A histogram series for `labels`; `undefined` if never observed. */
  readHistogram(name: string, labels?: Labels): RecordedHistogram | undefined;
  /** Forgets every recorded value (instruments stay declared). */
  reset(): void;
}

/** Series key: label pairs sorted by name, so `{a, b}` and `{b, a}` are one series. */
function seriesKey(labels: Labels | undefined): string {
  if (labels === undefined) return "";
  return JSON.stringify(Object.entries(labels).map(([k, v]) => [k, String(v)]).sort(([a], [b]) => (a ?? "").localeCompare(b ?? "")));
}

interface HistogramSeries {
  count: number;
  sum: number;
  readonly counts: number[];
}

/**
 * Metrics for tests (and for a process that only wants numbers in memory).
 * Asking twice for an instrument by name returns the same instrument;
 * recording never throws (a negative counter increment is ignored, a
 * non-finite value too).
 */
export function createRecordingMetrics(): RecordingMetrics {
  const scalars = new Map<string, Map<string, number>>();
  const histograms = new Map<string, { readonly bounds: readonly number[]; readonly series: Map<string, HistogramSeries> }>();
  const counters = new Map<string, Counter>();
  const gauges = new Map<string, Gauge>();
  const histogramInstruments = new Map<string, Histogram>();

  const seriesOf = (name: string): Map<string, number> => {
    let series = scalars.get(name);
    if (series === undefined) scalars.set(name, (series = new Map<string, number>()));
    return series;
  };
  const add = (name: string, labels: Labels | undefined, delta: number): void => {
    if (!Number.isFinite(delta)) return;
    const series = seriesOf(name);
    const key = seriesKey(labels);
    series.set(key, (series.get(key) ?? 0) + delta);
  };

  return {
    counter(definition) {
      let counter = counters.get(definition.name);
      if (counter === undefined) {
        counter = {
          inc: (labels, value = 1) => {
            if (value >= 0) add(definition.name, labels, value);
          },
        };
        counters.set(definition.name, counter);
      }
      return counter;
    },
    gauge(definition) {
      let gauge = gauges.get(definition.name);
      if (gauge === undefined) {
        gauge = {
          set: (value, labels) => {
            if (Number.isFinite(value)) seriesOf(definition.name).set(seriesKey(labels), value);
          },
          inc: (labels, value = 1) => {
            add(definition.name, labels, value);
          },
          dec: (labels, value = 1) => {
            add(definition.name, labels, -value);
          },
        };
        gauges.set(definition.name, gauge);
      }
      return gauge;
    },
    histogram(definition) {
      let histogram = histogramInstruments.get(definition.name);
      if (histogram === undefined) {
        const bounds = [...(definition.buckets ?? latencyBucketsMs)].sort((a, b) => a - b);
        const state = { bounds, series: new Map<string, HistogramSeries>() };
        histograms.set(definition.name, state);
        histogram = {
          observe: (value, labels) => {
            if (!Number.isFinite(value)) return;
            const key = seriesKey(labels);
            let series = state.series.get(key);
            if (series === undefined) state.series.set(key, (series = { count: 0, sum: 0, counts: bounds.map(() => 0) }));
            series.count++;
            series.sum += value;
            bounds.forEach((le, i) => {
              if (value <= le) series.counts[i] = (series.counts[i] ?? 0) + 1;
            });
          },
        };
        histogramInstruments.set(definition.name, histogram);
      }
      return histogram;
    },
    value: (name, labels) => scalars.get(name)?.get(seriesKey(labels)),
    readHistogram(name, labels) {
      const state = histograms.get(name);
      const series = state?.series.get(seriesKey(labels));
      if (state === undefined || series === undefined) return undefined;
      return {
        count: series.count,
        sum: series.sum,
        buckets: state.bounds.map((le, i) => ({ le, count: series.counts[i] ?? 0 })),
      };
    },
    reset() {
      scalars.clear();
      for (const state of histograms.values()) state.series.clear();
    },
  };
}
