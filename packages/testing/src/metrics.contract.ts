import type { Labels, Metrics } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { type ContractSetup, useHarness } from "./harness.js";

/** A histogram series as read back: count, sum, and cumulative counts per upper bound (no +Inf). */
export interface HistogramReading {
  readonly count: number;
  readonly sum: number;
  readonly buckets: readonly { readonly le: number; readonly count: number }[];
}

/** How the contract reads back what an adapter recorded (e.g. from prom-client's registry). */
export interface MetricsReader {
  /** The current value of a counter or gauge series, `undefined` if it was never recorded. */
  value(name: string, labels?: Labels): Promise<number | undefined>;
  /** A histogram series, `undefined` if it was never observed. */
  histogram(name: string, labels?: Labels): Promise<HistogramReading | undefined>;
}

/** What a Metrics adapter's setup provides: the port and a reader over the same registry. */
export interface MetricsContractSubject {
  readonly metrics: Metrics;
  readonly read: MetricsReader;
}

/**
 * The Metrics port's specification, as tests: asking twice for an instrument
 * by name gives the same instrument; counters add (default 1) per label set;
 * gauges set, inc and dec; histograms count, sum and bucket observations per
 * label set; recording never throws, not even for a negative counter increment
 * (which is ignored or clamped, never a crash).
 */
export function metricsContract(adapterName: string, setup: ContractSetup<MetricsContractSubject>): void {
  describe(`Metrics contract: ${adapterName}`, () => {
    const harness = useHarness(setup);
    const metrics = (): Metrics => harness().subject.metrics;
    const read = (): MetricsReader => harness().subject.read;

    it("adds 1 to a counter by default, and the given value otherwise", async () => {
      const counter = metrics().counter({ name: "jobs_total", help: "Jobs." });
      counter.inc();
      counter.inc(undefined, 2);
      expect(await read().value("jobs_total")).toBe(3);
    });

    it("keeps one series per label set", async () => {
      const counter = metrics().counter({ name: "requests_total", help: "Requests.", labelNames: ["route", "status"] });
      counter.inc({ route: "/a", status: 200 });
      counter.inc({ route: "/a", status: 200 });
      counter.inc({ route: "/b", status: 500 }, 5);
      expect(await read().value("requests_total", { route: "/a", status: 200 })).toBe(2);
      expect(await read().value("requests_total", { route: "/b", status: 500 })).toBe(5);
    });

    it("gives the same instrument when asked twice by name", async () => {
      const definition = { name: "shared_total", help: "Shared." };
      metrics().counter(definition).inc();
      metrics().counter(definition).inc();
      expect(await read().value("shared_total")).toBe(2);
    });

    it("sets, raises and lowers a gauge", async () => {
      const gauge = metrics().gauge({ name: "queue_depth", help: "Depth.", labelNames: ["queue"] });
      gauge.set(10, { queue: "a" });
      gauge.inc({ queue: "a" }, 5);
      gauge.dec({ queue: "a" });
      gauge.set(3, { queue: "b" });
      expect(await read().value("queue_depth", { queue: "a" })).toBe(14);
      expect(await read().value("queue_depth", { queue: "b" })).toBe(3);
    });

    it("counts, sums and buckets histogram observations", async () => {
      const histogram = metrics().histogram({ name: "latency_ms", help: "Latency.", buckets: [10, 100, 1000] });
      for (const v of [3, 30, 300, 3000]) histogram.observe(v);
      expect(await read().histogram("latency_ms")).toEqual({
        count: 4,
        sum: 3333,
        buckets: [
          { le: 10, count: 1 },
          { le: 100, count: 2 },
          { le: 1000, count: 3 },
        ],
      });
    });

    it("keeps one histogram series per label set", async () => {
      const histogram = metrics().histogram({ name: "took_ms", help: "Took.", labelNames: ["op"], buckets: [10] });
      histogram.observe(1, { op: "get" });
      histogram.observe(20, { op: "set" });
      histogram.observe(2, { op: "get" });
      expect(await read().histogram("took_ms", { op: "get" })).toEqual({ count: 2, sum: 3, buckets: [{ le: 10, count: 2 }] });
      expect(await read().histogram("took_ms", { op: "set" })).toEqual({ count: 1, sum: 20, buckets: [{ le: 10, count: 0 }] });
    });

    it("never throws while recording, not even for a negative counter increment", async () => {
      const counter = metrics().counter({ name: "odd_total", help: "Odd." });
      counter.inc(undefined, 1);
      expect(() => {
        counter.inc(undefined, -1);
      }).not.toThrow();
      expect(await read().value("odd_total")).toBeGreaterThanOrEqual(1);
    });
  });
}
