import { type ContextValues, contextKeys, errAsync, okAsync, timeout } from "@hexkit/core";
import { createAsyncContextStore } from "@hexkit/memory";
import { describe, expect, it } from "vitest";
import { metricNames } from "../src/index.js";
import { recordingLogger, recordingMetrics, recordingTracer } from "./fakes.js";
import { integrationHarness, until } from "./support.js";

describe("bullmq: context, traces and logs travel with the job", () => {
  const { openQueue, startWorker } = integrationHarness("context");

  it("continues the producer's correlation id and trace in the worker's handler, spans and log lines", async () => {
    const context = createAsyncContextStore();
    const tracer = recordingTracer();
    const logger = recordingLogger(context);
    const queue = openQueue({}, { context, tracer });
    const seen: { context: ContextValues; traceId: string | undefined; attempt: number }[] = [];
    startWorker(
      queue,
      {
        work: (job) => {
          seen.push({ context: context.current(), traceId: tracer.activeTraceId(), attempt: job.attempt });
          return job.attempt === 1 ? errAsync(timeout(10, "downstream")) : okAsync(undefined);
        },
        other: () => okAsync(undefined),
      },
      {},
      { context, tracer, logger },
    );
    const enqueued = await context.run({ [contextKeys.correlationId]: "corr-42" }, () => queue.enqueue("work", { n: 1 }));
    expect(enqueued.isOk()).toBe(true);
    await until(() => seen.length === 2, "the retry");

    const producer = tracer.spans.find((span) => span.kind === "producer");
    const consumers = tracer.spans.filter((span) => span.kind === "consumer");
    expect(producer).toEqual(
      expect.objectContaining({
        attributes: expect.objectContaining({ "messaging.system": "bullmq", "messaging.operation.type": "send" }) as unknown,
        ended: true,
      }),
    );
    expect(consumers).toHaveLength(2);
    for (const consumer of consumers) {
      expect(consumer.traceId).toBe(producer?.traceId);
      expect(consumer.parentSpanId).toBe(producer?.spanId);
    }
    expect(consumers[0]?.error).toEqual({ _tag: "Timeout", message: "downstream timed out after 10 ms" });
    expect(seen.map((entry) => [entry.context[contextKeys.correlationId], entry.traceId, entry.attempt])).toEqual([
      ["corr-42", producer?.traceId, 1],
      ["corr-42", producer?.traceId, 2],
    ]);
    const retryLine = logger.lines.find((line) => line.message === "Job failed; it will be retried");
    expect(retryLine).toEqual(
      expect.objectContaining({
        level: "warn",
        context: expect.objectContaining({ [contextKeys.correlationId]: "corr-42" }) as unknown,
        fields: expect.objectContaining({ queue: queue.settings.queueName, jobName: "work", attempt: 1 }) as unknown,
      }),
    );
    await until(() => logger.lines.some((line) => line.message === "Job completed"), "the completion line");
    const completed = logger.lines.find((line) => line.message === "Job completed");
    expect(completed?.context[contextKeys.correlationId]).toBe("corr-42");
  });

  it("keeps an explicit carrier given to enqueue", async () => {
    const queue = openQueue();
    const carriers: unknown[] = [];
    startWorker(queue, { work: (job) => (carriers.push(job.carrier), okAsync(undefined)), other: () => okAsync(undefined) });
    await queue.enqueue("work", { n: 1 }, { carrier: { "x-request-id": "given" } });
    await until(() => carriers.length === 1, "the job");
    expect(carriers).toEqual([{ "x-request-id": "given" }]);
  });
});

describe("bullmq: metrics", () => {
  const { openQueue, startWorker } = integrationHarness("metrics");

  it("records enqueues, attempts, outcomes, durations and sampled queue gauges", async () => {
    const metrics = recordingMetrics();
    const queue = openQueue({}, { metrics });
    await queue.enqueue("work", { n: 1 }, { idempotencyKey: "m" });
    await queue.enqueue("work", { n: 1 }, { idempotencyKey: "m" });
    await queue.enqueue("other", { text: "fail" });
    startWorker(
      queue,
      { work: () => okAsync(undefined), other: () => errAsync(timeout(5)) },
      { metricsIntervalMs: 50 },
      { metrics },
    );
    await until(async () => (await queue.counts())._unsafeUnwrap().deadLettered === 1, "the dead letter");
    await until(
      () => metrics.measurements.some((m) => m.name === metricNames.queueJobs && m.labels.state === "failed" && m.value === 1),
      "a gauge sample with the dead letter",
    );
    const byName = (name: string) => metrics.measurements.filter((m) => m.name === name);
    const queueLabel = queue.settings.queueName;
    expect(byName(metricNames.enqueued).map((m) => m.labels)).toEqual([
      { queue: queueLabel, name: "work", deduplicated: "false" },
      { queue: queueLabel, name: "work", deduplicated: "true" },
      { queue: queueLabel, name: "other", deduplicated: "false" },
    ]);
    expect(byName(metricNames.attempts).map((m) => m.labels.name).sort()).toEqual(["other", "other", "other", "other", "other", "work"]);
    expect(byName(metricNames.outcomes).map((m) => `${String(m.labels.name)}:${String(m.labels.outcome)}:${String(m.labels.error)}`).sort()).toEqual([
      "other:dead_lettered:Timeout",
      "other:retried:Timeout",
      "other:retried:Timeout",
      "other:retried:Timeout",
      "other:retried:Timeout",
      "work:completed:none",
    ]);
    expect(byName(metricNames.runDuration)).toHaveLength(6);
    expect(byName(metricNames.waitDuration).map((m) => m.labels.name).sort()).toEqual(["other", "work"]);
    for (const m of [...byName(metricNames.runDuration), ...byName(metricNames.waitDuration)]) expect(m.value).toBeGreaterThanOrEqual(0);
    expect(new Set(byName(metricNames.queueJobs).map((m) => m.labels.state))).toEqual(new Set(["waiting", "active", "delayed", "failed"]));
  });
});
