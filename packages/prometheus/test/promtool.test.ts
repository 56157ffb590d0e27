import { latencyBucketsMs } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { createPrometheusMetrics } from "@hexkit/prometheus";
import { promtool, requirePromtool } from "./promtool.js";

describe("/metrics output", () => {
  it("passes promtool check metrics with process metrics, every instrument kind and awkward label values", async (ctx) => {
    requirePromtool((note) => { ctx.skip(note); });
    const metrics = createPrometheusMetrics({ defaultLabels: { service: "webhooks" }, maxLabelSetsPerMetric: 3 });
    const requests = metrics.counter({ name: "http_requests", help: "HTTP requests by route template and status.", labelNames: ["method", "route", "status"] });
    const latency = metrics.histogram({ name: "http_request_duration_ms", help: "HTTP request latency.", labelNames: ["method", "route"] });
    const depth = metrics.gauge({ name: "queue_jobs", help: "Jobs per queue and state.", labelNames: ["queue", "state"] });
    const age = metrics.gauge({ name: "queue_oldest_job_age_ms", help: "Age of the oldest waiting job." });
    for (const route of ["/v1/messages", "/v1/endpoints/:id", 'odd "route"\\\n', "/overflow-1", "/overflow-2"]) {
      requests.inc({ method: "GET", route, status: 200 });
      latency.observe(42, { method: "GET", route });
    }
    requests.inc({ method: "GET", route: "/x", path: "/x/1" });
    depth.set(7, { queue: "deliveries", state: "waiting" });
    age.set(1500);
    for (const v of latencyBucketsMs) latency.observe(v, { method: "POST", route: "/v1/messages" });

    const text = (await metrics.metricsText())._unsafeUnwrap();
    expect(text).toContain("http_request_duration_seconds_bucket");
    expect(text).toContain("hexkit_metrics_dropped_label_sets_total");
    expect(promtool(["check", "metrics"], text)).toEqual({ status: 0, output: "" });
  });

  it("fails promtool for output that breaks the conventions, so the check above can fail", (ctx) => {
    requirePromtool((note) => { ctx.skip(note); });
    const bad = "# HELP http_requests Requests.\n# TYPE http_requests counter\nhttp_requests 1\n";
    expect(promtool(["check", "metrics"], bad).status).not.toBe(0);
  });
});
