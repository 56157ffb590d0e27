import type { Labels } from "@hexkit/core";
import { type HistogramReading, type MetricsReader, metricsContract } from "@hexkit/testing";
import type { MetricValue, Registry } from "prom-client";
import { type InstrumentKind, createPrometheusMetrics, exposition } from "@hexkit/prometheus";

/**
 * Reads the registry back in the port's units: the declared name is mapped
 * to the exposed one (`latency_ms` -> `latency_seconds`) and values are
 * scaled back, rounded to 12 significant digits to undo the float error of
 * the ms -> s -> ms round trip.
 */
function reader(registry: Registry): MetricsReader {
  const unscale = (value: number, divisor: number): number => Number((value * divisor).toPrecision(12));
  const locate = async (declared: string, kinds: InstrumentKind[]) => {
    for (const kind of kinds) {
      const exposed = exposition(kind, declared);
      if ("problem" in exposed) continue;
      const metric = registry.getSingleMetric(exposed.name);
      if (metric !== undefined) return { exposed, values: (await metric.get()).values };
    }
    return undefined;
  };
  const matches = (value: MetricValue<string>, labels: Labels | undefined): boolean => {
    const own = Object.entries(value.labels).filter(([k]) => k !== "le");
    const wanted = Object.entries(labels ?? {});
    return own.length === wanted.length && wanted.every(([k, v]) => String(value.labels[k]) === String(v));
  };
  return {
    async value(name, labels) {
      const found = await locate(name, ["counter", "gauge"]);
      const series = found?.values.find((v) => matches(v, labels));
      return found === undefined || series === undefined ? undefined : unscale(series.value, found.exposed.divisor);
    },
    async histogram(name, labels): Promise<HistogramReading | undefined> {
      const found = await locate(name, ["histogram"]);
      if (found === undefined) return undefined;
      const mine = found.values.filter((v) => matches(v, labels));
      const pick = (suffix: string) => mine.filter((v) => (v as { metricName?: string }).metricName === `${found.exposed.name}${suffix}`);
      const count = pick("_count")[0]?.value;
      const sum = pick("_sum")[0]?.value;
      if (count === undefined || sum === undefined) return undefined;
      const buckets = pick("_bucket")
        .filter((v) => v.labels.le !== "+Inf")
        .map((v) => ({ le: unscale(Number(v.labels.le), found.exposed.divisor), count: v.value }));
      return { count, sum: unscale(sum, found.exposed.divisor), buckets };
    },
  };
}

metricsContract("prometheus", () => {
  const metrics = createPrometheusMetrics({ defaultMetrics: false });
  return Promise.resolve({
    subject: { metrics, read: reader(metrics.registry) },
    advance: () => Promise.resolve(),
    teardown: () => Promise.resolve(),
  });
});
