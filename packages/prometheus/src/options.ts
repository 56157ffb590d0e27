import { z } from "zod";

const labelName = z.string().regex(/^[a-z][a-z0-9_]*$/, "label names are snake_case");

/**
 * Options of `createPrometheusMetrics`. Every field has a default, so `{}` is
 * a working configuration.
 */
export const PrometheusMetricsOptions = z
  .object({
    /** Registers prom-client's process and Node.js runtime metrics (CPU, memory, event loop lag, GC). */
    defaultMetrics: z.boolean().default(true),
    /** Labels added to every series, e.g. `{ service: "webhooks" }`. Keep them constant per process. */
    defaultLabels: z.record(labelName, z.string()).default({}),
    /** Distinct label sets a metric may have; new sets beyond it are dropped and counted. */
    maxLabelSetsPerMetric: z.number().int().positive().default(1000),
    /** Per-metric overrides of `maxLabelSetsPerMetric`, keyed by the declared (or exposed) name. */
    labelSetLimits: z.record(z.string(), z.number().int().positive()).default({}),
  })
  .strict();

/** What `createPrometheusMetrics` accepts (defaults applied by the schema). */
export type PrometheusMetricsOptionsInput = z.input<typeof PrometheusMetricsOptions>;
/** Options after validation. */
export type PrometheusMetricsConfig = z.output<typeof PrometheusMetricsOptions>;

/**
 * Validates `input`; throws a `TypeError` listing every problem when it is
 * invalid. Options are read once, while the service is composed.
 */
export function parsePrometheusOptions(input: unknown): PrometheusMetricsConfig {
  const parsed = PrometheusMetricsOptions.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  throw new TypeError(`Invalid @hexkit/prometheus options: ${problems.join("; ")}`);
}
