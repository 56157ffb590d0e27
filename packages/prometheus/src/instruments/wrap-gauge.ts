import type { Gauge, Labels } from "@hexkit/core";
import type { Gauge as PromGauge } from "prom-client";
import { createLabelGuard } from "../label-guard.js";
import type { InstrumentContext } from "./instrument-context.js";

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
