/**
 * Metrics, as a port: counters, gauges and histograms with labels. Recording
 * cannot fail from the caller's point of view. Asking twice for an instrument
 * with the same name returns the same instrument (so modules may declare what
 * they use without coordinating). Label values must come from a bounded set
 * (route templates, never raw paths); adapters may cap label sets.
 */
export type Labels = Readonly<Record<string, string | number>>;

/** What every instrument is declared with. */
export interface InstrumentDefinition {
  /** Snake case with a unit suffix, e.g. `http_request_duration_ms`. */
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
}

/** A histogram's definition; buckets are upper bounds in the metric's unit. */
export interface HistogramDefinition extends InstrumentDefinition {
  readonly buckets?: readonly number[];
}

/** A monotonically increasing count. */
export interface Counter {
  /** Adds `value` (default 1; must be >= 0). */
  inc(labels?: Labels, value?: number): void;
}

/** A value that goes up and down. */
export interface Gauge {
  set(value: number, labels?: Labels): void;
  inc(labels?: Labels, value?: number): void;
  dec(labels?: Labels, value?: number): void;
}

/** A distribution of observed values. */
export interface Histogram {
  observe(value: number, labels?: Labels): void;
}

export interface Metrics {
  counter(definition: InstrumentDefinition): Counter;
  gauge(definition: InstrumentDefinition): Gauge;
  histogram(definition: HistogramDefinition): Histogram;
}

/** Default histogram buckets for latencies in milliseconds (1 ms to 30 s). */
export const latencyBucketsMs: readonly number[] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];
