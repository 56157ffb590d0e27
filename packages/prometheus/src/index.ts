/**
 * @hexkit/prometheus — the Metrics port on prom-client, with its own
 * registry, millisecond-friendly histograms exposed in seconds, and a guard
 * against label cardinality blow-ups.
 */
export { createPrometheusMetrics, type PrometheusMetrics, type PrometheusMetricsDeps } from "./prometheus-metrics.js";
export { MetricDefinitionError } from "./definition-error.js";
export { PrometheusMetricsOptions, type PrometheusMetricsOptionsInput, type PrometheusMetricsConfig, parsePrometheusOptions } from "./options.js";
export { exposition, type Exposition, type InstrumentKind } from "./naming.js";
export type { DropReason } from "./instruments/index.js";
