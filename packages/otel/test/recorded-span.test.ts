import { okAsync } from "@hexkit/core";
import { addHrTimes, hrTimeToNanoseconds } from "@opentelemetry/core";
import { afterEach, describe, expect, it } from "vitest";
import { type TestTracer, createTestTracer } from "@hexkit/otel";

let tracers: TestTracer[] = [];
afterEach(async () => {
  for (const t of tracers) await t.shutdown();
  tracers = [];
});
const newTracer = (): TestTracer => {
  const tracer = createTestTracer();
  tracers.push(tracer);
  return tracer;
};

describe("spans as exporters receive them", () => {
  it("carry a wall-clock start, an end no earlier, a duration that joins them, and the tracer's scope", async () => {
    const tracer = newTracer();
    const before = Date.now();
    await tracer.withSpan("timed", {}, () => okAsync(undefined).map(async () => new Promise((resolve) => setTimeout(resolve, 5))));
    const after = Date.now();
    const [span] = tracer.exporter.getFinishedSpans();
    // Whole milliseconds: nanoseconds since 1970 are past a double's exact range.
    const startMs = span!.startTime[0] * 1000 + Math.floor(span!.startTime[1] / 1e6);
    const endMs = span!.endTime[0] * 1000 + Math.floor(span!.endTime[1] / 1e6);
    expect(startMs).toBeGreaterThanOrEqual(before);
    expect(endMs).toBeLessThanOrEqual(after);
    expect(addHrTimes(span!.startTime, span!.duration)).toEqual(span!.endTime);
    expect(hrTimeToNanoseconds(span!.duration)).toBeGreaterThan(0);
    expect(span).toMatchObject({ ended: true, instrumentationScope: { name: "@hexkit/otel" }, links: [], droppedAttributesCount: 0 });
  });

  it("keep at most 128 attributes, count the ones dropped, and ignore changes after the end", () => {
    const tracer = newTracer();
    const span = tracer.startSpan("crowded", { attributes: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`a${i}`, i])) });
    span.setAttributes(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`b${i}`, i])));
    span.setAttribute("a0", "overwritten");
    span.end();
    span.setAttribute("late", true);
    span.recordError({ _tag: "Internal", message: "late" });
    const [exported] = tracer.exporter.getFinishedSpans();
    expect(Object.keys(exported!.attributes)).toHaveLength(128);
    expect(exported).toMatchObject({ droppedAttributesCount: 2, attributes: { a0: "overwritten", b27: 27 }, events: [], status: { code: 0 } });
    expect(exported!.attributes).not.toHaveProperty("b28");
    expect(exported!.attributes).not.toHaveProperty("late");
  });

  it("start with a copy of the attributes given, so a shared options object is never changed", () => {
    const tracer = newTracer();
    const options = Object.freeze({ kind: "server" as const, attributes: Object.freeze({ "http.route": "/v1/items/:id" }) });
    const first = tracer.startSpan("first", options);
    first.setAttribute("http.response.status_code", 200);
    first.end();
    tracer.startSpan("second", options).end();
    expect(tracer.finishedSpans().map((s) => s.attributes)).toEqual([
      { "http.route": "/v1/items/:id", "http.response.status_code": 200 },
      { "http.route": "/v1/items/:id" },
    ]);
  });
});
