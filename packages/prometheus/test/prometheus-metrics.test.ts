import { type LogFields, type Logger, latencyBucketsMs, ok } from "@hexkit/core";
import { Counter as PromCounter, Histogram as PromHistogram, Registry, register as globalRegistry } from "prom-client";
import { describe, expect, it } from "vitest";
import { MetricDefinitionError, createPrometheusMetrics } from "@hexkit/prometheus";
import { sample, seriesOf } from "./exposition-text.js";

const text = async (metrics: ReturnType<typeof createPrometheusMetrics>): Promise<string> =>
  (await metrics.metricsText())._unsafeUnwrap();

function recordingLogger(): Logger & { readonly lines: { level: string; message: string; fields?: LogFields }[] } {
  const lines: { level: string; message: string; fields?: LogFields }[] = [];
  const at = (level: string) => (message: string, fields?: LogFields) => {
    lines.push(fields === undefined ? { level, message } : { level, message, fields });
  };
  const logger = {
    lines,
    trace: at("trace"), debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), fatal: at("fatal"),
    child: () => logger,
    isLevelEnabled: () => true,
  };
  return logger;
}

describe("createPrometheusMetrics", () => {
  it("counts increments per label set", async () => {
    const metrics = createPrometheusMetrics({ defaultMetrics: false });
    const requests = metrics.counter({ name: "http_requests_total", help: "Requests.", labelNames: ["route", "status"] });
    requests.inc({ route: "/a", status: 200 });
    requests.inc({ route: "/a", status: 200 }, 2);
    requests.inc({ route: "/b", status: 500 });
    const out = await text(metrics);
    expect(sample(out, 'http_requests_total{route="/a",status="200"}')).toBe(3);
    expect(sample(out, 'http_requests_total{route="/b",status="500"}')).toBe(1);
  });

  it("sets, raises and lowers a gauge", async () => {
    const metrics = createPrometheusMetrics({ defaultMetrics: false });
    const depth = metrics.gauge({ name: "queue_jobs", help: "Jobs waiting.", labelNames: ["queue"] });
    depth.set(10, { queue: "deliveries" });
    depth.inc({ queue: "deliveries" }, 5);
    depth.dec({ queue: "deliveries" });
    expect(sample(await text(metrics), 'queue_jobs{queue="deliveries"}')).toBe(14);
  });

  it("records milliseconds and exposes seconds, with the latency buckets by default", async () => {
    const metrics = createPrometheusMetrics({ defaultMetrics: false });
    const latency = metrics.histogram({ name: "http_request_duration_ms", help: "Latency.", labelNames: ["route"] });
    latency.observe(20, { route: "/a" });
    latency.observe(300, { route: "/a" });
    const out = await text(metrics);
    expect(sample(out, 'http_request_duration_seconds_count{route="/a"}')).toBe(2);
    expect(sample(out, 'http_request_duration_seconds_sum{route="/a"}')).toBeCloseTo(0.32, 10);
    expect(sample(out, 'http_request_duration_seconds_bucket{le="0.025",route="/a"}')).toBe(1);
    expect(sample(out, 'http_request_duration_seconds_bucket{le="0.25",route="/a"}')).toBe(1);
    expect(sample(out, 'http_request_duration_seconds_bucket{le="0.5",route="/a"}')).toBe(2);
    const bounds = seriesOf(out, "http_request_duration_seconds_bucket").map((l) => /le="([^"]+)"/.exec(l)?.[1]);
    expect(bounds).toEqual([...latencyBucketsMs.map((b) => String(b / 1000)), "+Inf"]);
  });

  it("uses the buckets a histogram declares", async () => {
    const metrics = createPrometheusMetrics({ defaultMetrics: false });
    metrics.histogram({ name: "payload_size_bytes", help: "Sizes.", buckets: [100, 1000] }).observe(500);
    const out = await text(metrics);
    expect(seriesOf(out, "payload_size_bytes_bucket")).toEqual([
      'payload_size_bytes_bucket{le="100"} 0',
      'payload_size_bytes_bucket{le="1000"} 1',
      'payload_size_bytes_bucket{le="+Inf"} 1',
    ]);
  });

  it("returns the same instrument when a name is declared twice alike", async () => {
    const metrics = createPrometheusMetrics({ defaultMetrics: false });
    const a = metrics.counter({ name: "cache_hits_total", help: "Hits.", labelNames: ["cache", "op"] });
    const b = metrics.counter({ name: "cache_hits", help: "Other words.", labelNames: ["op", "cache"] });
    expect(b).toBe(a);
    a.inc({ cache: "c", op: "get" });
    b.inc({ cache: "c", op: "get" });
    expect(sample(await text(metrics), 'cache_hits_total{cache="c",op="get"}')).toBe(2);
  });

  it("throws a MetricDefinitionError when a name is declared again differently", () => {
    const metrics = createPrometheusMetrics({ defaultMetrics: false });
    metrics.counter({ name: "jobs_total", help: "Jobs.", labelNames: ["queue"] });
    metrics.histogram({ name: "job_duration_ms", help: "Run time.", buckets: [1, 10] });
    expect(() => metrics.counter({ name: "jobs_total", help: "Jobs.", labelNames: ["queue", "state"] })).toThrow(MetricDefinitionError);
    expect(() => metrics.histogram({ name: "job_duration_ms", help: "Run time." })).toThrow(/already declared as histogram/);
    expect(() => metrics.histogram({ name: "job_duration_seconds", help: "Run time.", buckets: [1, 10] })).toThrow(MetricDefinitionError);
    expect(() => metrics.gauge({ name: "job_duration_seconds", help: "x" })).toThrow(MetricDefinitionError);
  });

  it("throws a MetricDefinitionError for names, labels and buckets Prometheus would reject", () => {
    const metrics = createPrometheusMetrics({ defaultMetrics: false, defaultLabels: { service: "webhooks" } });
    expect(() => metrics.gauge({ name: "queueDepth", help: "x" })).toThrow(MetricDefinitionError);
    expect(() => metrics.gauge({ name: "queue_jobs", help: " " })).toThrow(/help/);
    expect(() => metrics.histogram({ name: "first_duration_ms", help: "x", labelNames: ["le"] })).toThrow(/reserved/);
    expect(() => metrics.counter({ name: "second_total", help: "x", labelNames: ["route", "route"] })).toThrow(/twice/);
    expect(() => metrics.counter({ name: "third_total", help: "x", labelNames: ["service"] })).toThrow(/default label/);
    expect(() => metrics.histogram({ name: "fourth_duration_ms", help: "x", buckets: [10, 5] })).toThrow(/increasing/);
    expect(() => metrics.histogram({ name: "fifth_duration_ms", help: "x", buckets: [] })).toThrow(/at least one/);
    expect(() => metrics.counter({ name: "hexkit_metrics_dropped_label_sets_total", help: "x" })).toThrow(/built-in/);
  });

  it("refuses the name of a default process metric", () => {
    const metrics = createPrometheusMetrics();
    expect(() => metrics.gauge({ name: "process_open_fds", help: "x" })).toThrow(/built-in/);
  });

  it("drops new label sets past the cap and counts each dropped record", async () => {
    const logger = recordingLogger();
    const metrics = createPrometheusMetrics({ defaultMetrics: false, maxLabelSetsPerMetric: 2 }, { logger });
    const requests = metrics.counter({ name: "http_requests_total", help: "Requests.", labelNames: ["route"] });
    for (const route of ["/a", "/b", "/c", "/d", "/a"]) requests.inc({ route });
    requests.inc({ route: "/c" });
    const out = await text(metrics);
    expect(seriesOf(out, "http_requests_total")).toEqual(['http_requests_total{route="/a"} 2', 'http_requests_total{route="/b"} 1']);
    expect(sample(out, 'hexkit_metrics_dropped_label_sets_total{metric="http_requests_total"}')).toBe(3);
    expect(logger.lines).toEqual([
      {
        level: "warn",
        message: "Metric records are being dropped",
        fields: { metric: "http_requests_total", reason: "label_set_limit", maxLabelSets: 2 },
      },
    ]);
  });

  it("applies a per-metric cap over the default one", async () => {
    const metrics = createPrometheusMetrics({ defaultMetrics: false, maxLabelSetsPerMetric: 100, labelSetLimits: { tenant_requests: 1 } });
    const perTenant = metrics.counter({ name: "tenant_requests", help: "Requests per tenant.", labelNames: ["tenant"] });
    perTenant.inc({ tenant: "t1" });
    perTenant.inc({ tenant: "t2" });
    const out = await text(metrics);
    expect(seriesOf(out, "tenant_requests_total")).toEqual(['tenant_requests_total{tenant="t1"} 1']);
    expect(sample(out, 'hexkit_metrics_dropped_label_sets_total{metric="tenant_requests_total"}')).toBe(1);
  });

  it("drops and counts records it cannot take, without throwing", async () => {
    const metrics = createPrometheusMetrics({ defaultMetrics: false });
    const counter = metrics.counter({ name: "events_total", help: "Events.", labelNames: ["kind"] });
    const gauge = metrics.gauge({ name: "level_bytes", help: "Level." });
    const histogram = metrics.histogram({ name: "wait_ms", help: "Wait." });
    expect(() => {
      counter.inc({ kind: "a" }, -1);
      counter.inc({ kind: "a" }, Number.NaN);
      counter.inc({ kind: "a" }, Number.POSITIVE_INFINITY);
      counter.inc({ kind: "a", extra: "x" });
      gauge.set(Number.NaN);
      histogram.observe(Number.POSITIVE_INFINITY);
      histogram.observe("12" as unknown as number);
    }).not.toThrow();
    const out = await text(metrics);
    expect(seriesOf(out, "events_total")).toEqual([]);
    expect(sample(out, 'hexkit_metrics_invalid_records_total{metric="events_total",reason="invalid_value"}')).toBe(3);
    expect(sample(out, 'hexkit_metrics_invalid_records_total{metric="events_total",reason="unknown_label"}')).toBe(1);
    expect(sample(out, 'hexkit_metrics_invalid_records_total{metric="level_bytes",reason="invalid_value"}')).toBe(1);
    expect(sample(out, 'hexkit_metrics_invalid_records_total{metric="wait_seconds",reason="invalid_value"}')).toBe(2);
  });

  it("keeps its metrics out of prom-client's global registry", async () => {
    const metrics = createPrometheusMetrics({ defaultMetrics: false });
    metrics.counter({ name: "isolated_events_total", help: "x" }).inc();
    expect(globalRegistry.getSingleMetric("isolated_events_total")).toBeUndefined();
    expect(sample(await text(createPrometheusMetrics({ defaultMetrics: false })), "isolated_events_total")).toBeUndefined();
  });

  it("registers process metrics unless told not to", async () => {
    expect(await text(createPrometheusMetrics())).toContain("# TYPE process_cpu_seconds_total counter");
    expect(await text(createPrometheusMetrics({ defaultMetrics: false }))).not.toContain("process_cpu_seconds_total");
  });

  it("adds default labels to every series", async () => {
    const metrics = createPrometheusMetrics({ defaultMetrics: false, defaultLabels: { service: "webhooks" } });
    metrics.counter({ name: "events_total", help: "Events." }).inc();
    expect(sample(await text(metrics), 'events_total{service="webhooks"}')).toBe(1);
  });

  it("escapes label values in the text it renders", async () => {
    const metrics = createPrometheusMetrics({ defaultMetrics: false });
    metrics.counter({ name: "events_total", help: "Events.", labelNames: ["kind"] }).inc({ kind: 'a "quoted"\\ value\nwith a newline' });
    expect(sample(await text(metrics), 'events_total{kind="a \\"quoted\\"\\\\ value\\nwith a newline"}')).toBe(1);
  });

  it("renders with the Prometheus text content type", async () => {
    const metrics = createPrometheusMetrics({ defaultMetrics: false });
    expect(metrics.contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(await metrics.metricsText()).toEqual(ok(expect.stringContaining("# TYPE hexkit_metrics_invalid_records_total counter"))); 
  });

  it("renders counters and histograms line for line as prom-client's own would, as text and as JSON", async () => {
    const metrics = createPrometheusMetrics({ defaultMetrics: false, defaultLabels: { service: "api" } });
    const reference = new Registry();
    reference.setDefaultLabels({ service: "api" });
    const counter = metrics.counter({ name: "http_requests_total", help: "Requests.", labelNames: ["method", "route", "status"] });
    // Unlabelled and never recorded: exposed at zero by both.
    metrics.counter({ name: "ticks_total", help: "Ticks." });
    const histogram = metrics.histogram({ name: "http_request_duration_ms", help: "Latency.", labelNames: ["route", "status"] });
    metrics.histogram({ name: "idle_duration_ms", help: "Idle." });
    const refCounter = new PromCounter({ name: "http_requests_total", help: "Requests.", labelNames: ["method", "route", "status"], registers: [reference] });
    new PromCounter({ name: "ticks_total", help: "Ticks.", registers: [reference] });
    const seconds = latencyBucketsMs.map((b) => b / 1000);
    const refHistogram = new PromHistogram({ name: "http_request_duration_seconds", help: "Latency.", labelNames: ["route", "status"], buckets: seconds, registers: [reference] });
    new PromHistogram({ name: "idle_duration_seconds", help: "Idle.", buckets: seconds, registers: [reference] });
    const frozen = Object.freeze({ method: "GET", route: "/a", status: 200 });
    const records: [{ readonly route: string; readonly method?: string; readonly status?: number }, number][] = [
      [frozen, 0.4],
      [frozen, 3],
      [{ method: "POST", route: "/b", status: 201 }, 1e6],
      [{ route: "/a" }, 25],
    ];
    for (const [labels, ms] of records) {
      counter.inc(labels, 2);
      refCounter.inc({ method: labels.method ?? "", route: labels.route, status: labels.status ?? "" }, 2);
      histogram.observe(ms, { route: labels.route, status: labels.status ?? "" });
      refHistogram.observe({ route: labels.route, status: labels.status ?? "" }, ms / 1000);
    }
    const own = (await text(metrics)).split("\n\n").filter((block) => !block.includes("hexkit_metrics_"));
    expect(own).toEqual((await reference.metrics()).split("\n\n"));
    const json = (await metrics.registry.getMetricsAsJSON()).filter((m) => !m.name.startsWith("hexkit_metrics_"));
    expect(JSON.parse(JSON.stringify(json))).toEqual(JSON.parse(JSON.stringify(await reference.getMetricsAsJSON())));
  });

  it("starts every series again after the registry is reset", async () => {
    const metrics = createPrometheusMetrics({ defaultMetrics: false, maxLabelSetsPerMetric: 1 });
    const counter = metrics.counter({ name: "events_total", help: "Events.", labelNames: ["kind"] });
    counter.inc({ kind: "a" });
    metrics.registry.resetMetrics();
    counter.inc({ kind: "b" });
    expect(seriesOf(await text(metrics), "events_total")).toEqual(['events_total{kind="b"} 1']);
  });

  it("throws a TypeError listing every invalid option", () => {
    expect(() => createPrometheusMetrics({ maxLabelSetsPerMetric: 0, defaultLabels: { Service: "x" } })).toThrow(TypeError);
    expect(() => createPrometheusMetrics({ maxLabelSetsPerMetric: 0, defaultLabels: { Service: "x" } })).toThrow(/maxLabelSetsPerMetric.*defaultLabels|defaultLabels.*maxLabelSetsPerMetric/);
    expect(() => createPrometheusMetrics({ nope: true } as never)).toThrow(TypeError);
  });
});
