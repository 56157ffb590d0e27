import type { Counter, Gauge, Histogram, Labels } from "@hexkit/core";
import type { Counter as PromCounter, Gauge as PromGauge, Histogram as PromHistogram } from "prom-client";
import type { LabelGuard, Rejection } from "./label-guard.js";

/** Why a record was dropped: a label problem, a value that is not a finite number (or a negative count), or prom-client refusing it. */
export type DropReason = Rejection | "invalid_value" | "record_failed";

/** Called for every dropped record; counts it and never throws. */
export type OnDrop = (metric: string, reason: DropReason) => void;

/** What every wrapper needs: the exposed name, the guard, the unit divisor, and where drops go. */
export interface InstrumentContext {
  readonly name: string;
  readonly guard: LabelGuard;
  readonly divisor: number;
  readonly onDrop: OnDrop;
}

// prom-client throws on bad input; the guard and the value checks make that
// unreachable, and the try/catch keeps the port's promise that recording
// never throws even if a future prom-client disagrees.

/** Wraps a prom-client counter as the port's Counter. Negative or non-finite increments are dropped. */
export function wrapCounter(counter: PromCounter, ctx: InstrumentContext): Counter {
  const { name, guard, divisor, onDrop } = ctx;
  return {
    inc(labels?: Labels, value = 1): void {
      if (!(value >= 0 && value !== Infinity)) {
        onDrop(name, "invalid_value");
        return;
      }
      const admitted = guard(labels);
      if (typeof admitted === "string") {
        onDrop(name, admitted);
        return;
      }
      try {
        counter.inc(admitted, value / divisor);
      } catch {
        onDrop(name, "record_failed");
      }
    },
  };
}

/** Wraps a prom-client gauge as the port's Gauge. Non-finite values are dropped. */
export function wrapGauge(gauge: PromGauge, ctx: InstrumentContext): Gauge {
  const { name, guard, divisor, onDrop } = ctx;
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

/** Wraps a prom-client histogram as the port's Histogram. Non-finite values are dropped. */
export function wrapHistogram(histogram: PromHistogram, ctx: InstrumentContext): Histogram {
  const { name, guard, divisor, onDrop } = ctx;
  return {
    observe(value: number, labels?: Labels): void {
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
        histogram.observe(admitted, value / divisor);
      } catch {
        onDrop(name, "record_failed");
      }
    },
  };
}
