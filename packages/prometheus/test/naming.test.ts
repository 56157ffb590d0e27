import { describe, expect, it } from "vitest";
import { exposition } from "@hexkit/prometheus";

describe("exposition", () => {
  it("exposes a millisecond histogram in seconds", () => {
    expect(exposition("histogram", "http_request_duration_ms")).toEqual({ name: "http_request_duration_seconds", divisor: 1000 });
    expect(exposition("gauge", "queue_oldest_job_age_milliseconds")).toEqual({ name: "queue_oldest_job_age_seconds", divisor: 1000 });
  });

  it("appends _total to a counter that lacks it, and keeps one that has it", () => {
    expect(exposition("counter", "http_requests")).toEqual({ name: "http_requests_total", divisor: 1 });
    expect(exposition("counter", "http_requests_total")).toEqual({ name: "http_requests_total", divisor: 1 });
    expect(exposition("counter", "job_run_ms_total")).toEqual({ name: "job_run_seconds_total", divisor: 1000 });
  });

  it("keeps names that already follow Prometheus conventions", () => {
    expect(exposition("gauge", "queue_jobs")).toEqual({ name: "queue_jobs", divisor: 1 });
    expect(exposition("histogram", "payload_size_bytes")).toEqual({ name: "payload_size_bytes", divisor: 1 });
  });

  it.each([
    ["gauge", "queueDepth", "snake_case"],
    ["gauge", "queue__depth", "snake_case"],
    ["gauge", "queue_depth_", "empty segments"],
    ["gauge", "recording:rule", "snake_case"],
    ["gauge", "queue_jobs_total", "only counters"],
    ["histogram", "request_latency_s", "abbreviated"],
    ["histogram", "payload_kb", "abbreviated"],
    ["histogram", "request_latency_microseconds", "not a base unit"],
    ["gauge", "uptime_minutes", "not a base unit"],
    ["gauge", "queue_depth_gauge", "metric type"],
    ["gauge", "jobs_count", "reserved for histogram"],
    ["counter", "jobs_bucket", "reserved for histogram"],
    ["histogram", "wait_ms_ms", "one unit"],
  ] as const)("refuses the %s name %s", (kind, name, why) => {
    const result = exposition(kind, name);
    expect(result).toHaveProperty("problem");
    expect((result as { problem: string }).problem).toContain(why);
  });
});
