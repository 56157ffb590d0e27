import type { HistogramDefinition, InstrumentDefinition, Labels, Metrics } from "@hexkit/core";
import { Effect } from "effect";
import { PortService } from "../port-service.js";

/** A counter whose recording is an Effect. */
export interface CounterEffects {
  /** Adds `value` (default 1; must be >= 0). */
  inc(labels?: Labels, value?: number): Effect.Effect<void>;
}

/** A gauge whose recording is an Effect. */
export interface GaugeEffects {
  set(value: number, labels?: Labels): Effect.Effect<void>;
  inc(labels?: Labels, value?: number): Effect.Effect<void>;
  dec(labels?: Labels, value?: number): Effect.Effect<void>;
}

/** A histogram whose recording is an Effect. */
export interface HistogramEffects {
  observe(value: number, labels?: Labels): Effect.Effect<void>;
}

/**
 * The `Metrics` port with Effect recording. Declaring an instrument is
 * synchronous and idempotent (same name, same instrument), as in the port.
 */
export interface MetricsServiceShape {
  counter(definition: InstrumentDefinition): CounterEffects;
  gauge(definition: InstrumentDefinition): GaugeEffects;
  histogram(definition: HistogramDefinition): HistogramEffects;
}

/** The service over any `Metrics` adapter (prom-client, the recording one). */
export function makeMetricsService(metrics: Metrics): MetricsServiceShape {
  return {
    counter: (definition) => {
      const counter = metrics.counter(definition);
      return {
        inc: (labels, value) =>
          Effect.sync(() => {
            counter.inc(labels, value);
          }),
      };
    },
    gauge: (definition) => {
      const gauge = metrics.gauge(definition);
      return {
        set: (value, labels) =>
          Effect.sync(() => {
            gauge.set(value, labels);
          }),
        inc: (labels, value) =>
          Effect.sync(() => {
            gauge.inc(labels, value);
          }),
        dec: (labels, value) =>
          Effect.sync(() => {
            gauge.dec(labels, value);
          }),
      };
    },
    histogram: (definition) => {
      const histogram = metrics.histogram(definition);
      return {
        observe: (value, labels) =>
          Effect.sync(() => {
            histogram.observe(value, labels);
          }),
      };
    },
  };
}

/** The `Metrics` port as an Effect service (`@hexkit/Metrics`). */
export class MetricsService extends PortService<MetricsService, Metrics, MetricsServiceShape>()("@hexkit/Metrics", makeMetricsService) {}
