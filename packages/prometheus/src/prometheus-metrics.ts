import {
  type Counter,
  type Gauge,
  type Histogram,
  type HistogramDefinition,
  type InstrumentDefinition,
  type Internal,
  internal,
  latencyBucketsMs,
  type Logger,
  type Metrics,
  fromPromise,
  type ResultAsync,
} from "@hexkit/core";
import { type Metric, Gauge as PromGauge, Registry, collectDefaultMetrics } from "prom-client";
import { MetricDefinitionError } from "./definition-error.js";
import { type DropReason, type InstrumentContext, PortCounter, PortHistogram, type RegistryMetric, wrapGauge } from "./instruments/index.js";
import { type InstrumentKind, exposition, labelNamesProblem } from "./naming.js";
import { type PrometheusMetricsOptionsInput, parsePrometheusOptions } from "./options.js";
import { defineSelfMetrics, selfMetricNames } from "./self-metrics.js";

/** The Metrics port on prom-client, plus what a `/metrics` route needs. */
export interface PrometheusMetrics extends Metrics {
  /** The `Content-Type` of `metricsText()` (Prometheus text format 0.0.4). */
  readonly contentType: string;
  /** Renders every metric of this adapter's registry for a scrape. Fails only if a collector throws. */
  metricsText(): ResultAsync<string, Internal>;
  /** This adapter's own prom-client registry (never the global one), for what the port does not cover. */
  readonly registry: Registry;
}

/** What the adapter may use besides its options. */
export interface PrometheusMetricsDeps {
  /** Told once per metric and reason when records start being dropped. */
  readonly logger?: Logger;
}

const gaugesNamedLikeCounters = ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"];

interface Entry {
  readonly kind: InstrumentKind;
  readonly signature: string;
  readonly instrument: Counter | Gauge | Histogram;
}

/**
 * Creates the Metrics port on prom-client with its own Registry.
 *
 * Guarantees: recording never throws and never blocks; a record the adapter
 * cannot take (undeclared label, non-finite value, negative count, a new label
 * set past the metric's cap) is dropped and counted in
 * `hexkit_metrics_dropped_label_sets_total{metric}` (cap) or
 * `hexkit_metrics_invalid_records_total{metric,reason}` (the rest). Declaring
 * the same name twice returns the same instrument; a declaration that
 * disagrees with an earlier one, or that breaks Prometheus' naming rules,
 * throws `MetricDefinitionError` at declaration. Milliseconds are exposed as
 * seconds and counters get `_total` (see `exposition`).
 *
 * Throws `TypeError` when `options` are invalid.
 */
export function createPrometheusMetrics(options: PrometheusMetricsOptionsInput = {}, deps: PrometheusMetricsDeps = {}): PrometheusMetrics {
  const config = parsePrometheusOptions(options);
  const registry = new Registry();
  registry.setDefaultLabels(config.defaultLabels);
  if (config.defaultMetrics) {
    collectDefaultMetrics({ register: registry });
    // prom-client exposes these gauges with a "_total" suffix, which promtool
    // rejects (only counters end in _total); their per-type siblings
    // (nodejs_active_handles{type}, …) carry the same numbers.
    for (const name of gaugesNamedLikeCounters) registry.removeSingleMetric(name);
  }
  const self = defineSelfMetrics(registry);

  const warned = new Set<string>();
  const onDrop = (metric: string, reason: DropReason): void => {
    self.record(metric, reason);
    const key = `${metric}\u0000${reason}`;
    if (deps.logger !== undefined && !warned.has(key)) {
      warned.add(key);
      deps.logger.warn("Metric records are being dropped", { metric, reason, maxLabelSets: limitOf(metric) });
    }
  };
  const limitOf = (declared: string, exposed = declared): number =>
    config.labelSetLimits[declared] ?? config.labelSetLimits[exposed] ?? config.maxLabelSetsPerMetric;

  const entries = new Map<string, Entry>();
  // Counters and histograms are the adapter's own (see instruments.ts); the
  // registry renders them like its own metrics, from the same shape.
  const registered = <M extends RegistryMetric>(metric: M): M => {
    registry.registerMetric(metric as unknown as Metric);
    return metric;
  };

  function declare<I extends Counter | Gauge | Histogram>(
    kind: InstrumentKind,
    definition: InstrumentDefinition,
    buckets: readonly number[] | undefined,
    build: (ctx: InstrumentContext, exposedBuckets: number[] | undefined) => I,
  ): I {
    const fail = (problem: string): never => {
      throw new MetricDefinitionError(definition.name, problem);
    };
    const exposed = exposition(kind, definition.name);
    if ("problem" in exposed) return fail(exposed.problem);
    if (definition.help.trim() === "") fail("help text is required");
    const labelNames = [...(definition.labelNames ?? [])];
    const labelProblem = labelNamesProblem(labelNames);
    if (labelProblem !== undefined) fail(labelProblem);
    const clash = labelNames.find((l) => l in config.defaultLabels);
    if (clash !== undefined) fail(`label "${clash}" is already a default label of every metric`);
    if (buckets !== undefined) {
      if (buckets.length === 0) fail("a histogram needs at least one bucket");
      if (!buckets.every((b, i) => Number.isFinite(b) && (i === 0 || b > (buckets[i - 1] ?? -Infinity)))) {
        fail("buckets must be finite and strictly increasing");
      }
    }
    const unit = exposed.divisor === 1 ? "" : " recorded in ms";
    const signature = `${kind} [${[...labelNames].sort().join(",")}]${buckets === undefined ? "" : ` buckets [${buckets.join(",")}]`}${unit}`;

    const existing = entries.get(exposed.name);
    if (existing !== undefined) {
      if (existing.signature !== signature) {
        fail(`already declared as ${existing.signature} (exposed as ${exposed.name}); this declaration asks for ${signature}`);
      }
      return existing.instrument as I;
    }
    if (selfMetricNames.includes(exposed.name) || registry.getSingleMetric(exposed.name) !== undefined) {
      fail(`the name ${exposed.name} is taken by the adapter's built-in metrics`);
    }
    const ctx: InstrumentContext = {
      name: exposed.name,
      help: definition.help,
      labelNames,
      maxLabelSets: limitOf(definition.name, exposed.name),
      divisor: exposed.divisor,
      onDrop,
    };
    const instrument = build(ctx, buckets?.map((b) => b / exposed.divisor));
    entries.set(exposed.name, { kind, signature, instrument });
    return instrument;
  }

  return {
    registry,
    contentType: registry.contentType,
    metricsText: () => fromPromise(registry.metrics(), (cause) => internal("Collecting metrics failed", cause)),
    counter: (definition) => declare("counter", definition, undefined, (ctx) => registered(new PortCounter(ctx))),
    gauge: (definition) =>
      declare("gauge", definition, undefined, (ctx) =>
        wrapGauge(new PromGauge({ name: ctx.name, help: ctx.help, labelNames: [...ctx.labelNames], registers: [registry] }), ctx),
      ),
    histogram: (definition: HistogramDefinition) =>
      declare("histogram", definition, definition.buckets ?? latencyBucketsMs, (ctx, buckets) => registered(new PortHistogram(ctx, buckets ?? []))),
  };
}
