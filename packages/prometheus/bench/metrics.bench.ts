import { defineBench } from "@hexkit/bench";
import { latencyBucketsMs } from "@hexkit/core";
import { Counter, Histogram, Registry } from "prom-client";
import { createPrometheusMetrics } from "@hexkit/prometheus";
import { interleaved } from "./interleaved.js";

// The same label sets and values for both sides: 4 routes x 3 statuses, the
// realistic shape of an HTTP service's request metrics.
const routes = ["/v1/messages", "/v1/endpoints", "/v1/endpoints/:id", "/healthz"];
const statuses = [200, 404, 500];
const counterLabels = routes.flatMap((route) => statuses.map((status) => ({ method: "POST", route, status })));
const histogramLabels = routes.map((route) => ({ method: "POST", route }));

export default defineBench({
  kind: "custom",
  group: "prometheus: record through the Metrics port vs raw prom-client",
  baseline: "raw prom-client counter.inc",
  targets: { "port counter.inc": 0.5, "port histogram.observe": 0.5 },
  run: async () => {
    const registry = new Registry();
    const rawCounter = new Counter({ name: "raw_requests_total", help: "x", labelNames: ["method", "route", "status"], registers: [registry] });
    const rawHistogram = new Histogram({
      name: "raw_request_duration_seconds",
      help: "x",
      labelNames: ["method", "route"],
      buckets: latencyBucketsMs.map((b) => b / 1000),
      registers: [registry],
    });
    const metrics = createPrometheusMetrics({ defaultMetrics: false });
    const counter = metrics.counter({ name: "http_requests_total", help: "x", labelNames: ["method", "route", "status"] });
    const histogram = metrics.histogram({ name: "http_request_duration_ms", help: "x", labelNames: ["method", "route"] });

    const rows = interleaved(
      {
        "raw prom-client counter.inc": (i) => { rawCounter.inc(counterLabels[i % 12]!); },
        "port counter.inc": (i) => { counter.inc(counterLabels[i % 12]); },
        "raw prom-client histogram.observe": (i) => { rawHistogram.observe(histogramLabels[i % 4]!, (i % 500) / 1000); },
        "port histogram.observe": (i) => { histogram.observe(i % 500, histogramLabels[i % 4]); },
      },
      { rounds: 15, iterations: 200_000 },
    );
    // Both sides must have recorded, or the comparison measured nothing.
    const text = (await metrics.metricsText())._unsafeUnwrap();
    if (!text.includes('http_requests_total{method="POST",route="/healthz",status="500"}')) throw new Error("the port recorded nothing");
    const rawHist = rows.find((r) => r.name === "raw prom-client histogram.observe")!.opsPerSec;
    return rows.map((r) =>
      r.name === "port histogram.observe" ? { ...r, notes: `${(r.opsPerSec / rawHist).toFixed(2)}x raw histogram.observe` } : r,
    );
  },
});
