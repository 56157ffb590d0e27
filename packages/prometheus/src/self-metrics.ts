import { Counter, type Registry } from "prom-client";
import type { DropReason } from "./instruments/index.js";

/** The names of the adapter's own metrics, reserved in every registry it creates. */
export const selfMetricNames: readonly string[] = ["hexkit_metrics_dropped_label_sets_total", "hexkit_metrics_invalid_records_total"];

/** The adapter's account of what it dropped. */
export interface SelfMetrics {
  /** Counts one dropped record of `metric` (the exposed name). Never throws. */
  record(metric: string, reason: DropReason): void;
}

/**
 * Declares the adapter's own counters in `registry`. Their only label is a
 * metric name (plus a reason from a closed set), so they cannot blow up
 * themselves.
 */
export function defineSelfMetrics(registry: Registry): SelfMetrics {
  const dropped = new Counter({
    name: "hexkit_metrics_dropped_label_sets_total",
    help: "Records dropped because their metric already had its maximum number of distinct label sets.",
    labelNames: ["metric"],
    registers: [registry],
  });
  const invalid = new Counter({
    name: "hexkit_metrics_invalid_records_total",
    help: "Records dropped because a label was not declared, the value was not a finite number (or a negative count), or prom-client refused it.",
    labelNames: ["metric", "reason"],
    registers: [registry],
  });
  return {
    record(metric, reason) {
      try {
        if (reason === "label_set_limit") dropped.inc({ metric });
        else invalid.inc({ metric, reason });
      } catch {
        // Counting a drop must not become a failure of its own.
      }
    },
  };
}
