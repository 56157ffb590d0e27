import { describe, expect, it } from "vitest";
import { okAsync } from "@hexkit/core";
import { createRecordingLogger, createRecordingMetrics, createRecordingTracer } from "@hexkit/memory";

describe("createRecordingLogger", () => {
  it("keeps every level by default and finds lines by message", () => {
    const logger = createRecordingLogger({ now: () => 7 });
    logger.trace("a", { n: 1 });
    logger.child({ c: 1 }).debug("b");
    expect(logger.entries()).toEqual([
      { level: "trace", msg: "a", n: 1, time: 7 },
      { level: "debug", msg: "b", c: 1, time: 7 },
    ]);
    expect(logger.withMessage("b")).toHaveLength(1);
    logger.clear();
    expect(logger.entries()).toEqual([]);
  });

  it("redacts the configured keys at any depth, in any case", () => {
    const logger = createRecordingLogger({ redact: ["apiKey"] });
    logger.info("x", { a: { b: { c: { d: { APIKEY: "k" } } } }, password: "kept-when-not-configured" });
    expect(logger.entries()[0]).toEqual(
      expect.objectContaining({ a: { b: { c: { d: { APIKEY: "[REDACTED]" } } } }, password: "kept-when-not-configured" }),
    );
  });

  it("copies fields when writing, so later mutation does not change a line", () => {
    const logger = createRecordingLogger();
    const fields = { n: 1 };
    logger.info("x", fields);
    fields.n = 2;
    expect(logger.entries()[0]?.n).toBe(1);
  });
});

describe("createRecordingMetrics", () => {
  it("treats label order as irrelevant", () => {
    const metrics = createRecordingMetrics();
    metrics.counter({ name: "c_total", help: "c" }).inc({ a: 1, b: "x" });
    expect(metrics.value("c_total", { b: "x", a: "1" })).toBe(1);
  });

  it("forgets values on reset but keeps instruments working", () => {
    const metrics = createRecordingMetrics();
    const counter = metrics.counter({ name: "c_total", help: "c" });
    counter.inc();
    metrics.reset();
    expect(metrics.value("c_total")).toBeUndefined();
    counter.inc();
    expect(metrics.value("c_total")).toBe(1);
  });
});

describe("createRecordingTracer", () => {
  it("passes a parent's tracestate on to injected carriers", async () => {
    const tracer = createRecordingTracer();
    const parent = { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", tracestate: "vendor=1" };
    let carrier: Record<string, string> = {};
    await tracer.withSpan("job", { parent }, () => {
      carrier = tracer.inject();
      return okAsync(undefined);
    });
    expect(carrier.tracestate).toBe("vendor=1");
    expect(carrier.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
  });

  it("marks withSpan's span failed when fn throws, and ends it", async () => {
    const tracer = createRecordingTracer();
    const run = tracer.withSpan("boom", {}, () => {
      throw new Error("bug");
    });
    await expect(Promise.resolve(run)).rejects.toThrow("bug");
    expect(tracer.finishedSpans()).toEqual([
      expect.objectContaining({ name: "boom", status: "error", error: { _tag: "Internal", message: "bug" } }),
    ]);
  });
});
