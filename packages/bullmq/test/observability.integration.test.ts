import { type ContextValues, contextKeys, errAsync, okAsync, timeout } from "@hexkit/core";
import { createAsyncContextStore, createRecordingLogger, createRecordingMetrics, createRecordingTracer } from "@hexkit/memory";
import { describe, expect, it } from "vitest";
import { metricNames } from "../src/index.js";
import { integrationHarness, until } from "./support.js";

describe("bullmq: context, traces and logs travel with the job", () => {
  const { openQueue, startWorker } = integrationHarness("context");

  it("continues the producer's correlation id and trace in the worker's handler, spans and log lines", async () => {
    const context = createAsyncContextStore();
    const tracer = createRecordingTracer();
    const logger = createRecordingLogger({ context });
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
    await until(() => seen.length === 2 && logger.withMessage("Job completed").length === 1, "the retry and its completion");

    const spans = tracer.finishedSpans();
    const producer = spans.find((span) => span.kind === "producer");
    const consumers = spans.filter((span) => span.kind === "consumer");
    expect(producer).toEqual(
      expect.objectContaining({
        name: `${queue.settings.queueName} send`,
        attributes: expect.objectContaining({ "messaging.system": "bullmq", "messaging.operation.type": "send" }) as unknown,
      }),
    );
    expect(consumers).toHaveLength(2);
    for (const consumer of consumers) {
      expect(consumer).toEqual(
        expect.objectContaining({ name: `${queue.settings.queueName} process`, traceId: producer?.traceId, parentSpanId: producer?.spanId }),
      );
    }
    expect(consumers[0]?.error).toEqual({ _tag: "Timeout", message: "downstream timed out after 10 ms" });
    expect(seen.map((entry) => [entry.context[contextKeys.correlationId], entry.traceId, entry.attempt])).toEqual([
      ["corr-42", producer?.traceId, 1],
      ["corr-42", producer?.traceId, 2],
    ]);
    expect(logger.withMessage("Job failed; it will be retried")).toEqual([
      expect.objectContaining({
        level: "warn",
        [contextKeys.correlationId]: "corr-42",
        queue: queue.settings.queueName,
        jobName: "work",
        attempt: 1,
        maxAttempts: 5,
      }),
    ]);
    expect(logger.withMessage("Job completed")).toEqual([
      expect.objectContaining({ level: "debug", [contextKeys.correlationId]: "corr-42", attempt: 2 }),
    ]);
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
    const metrics = createRecordingMetrics();
    const queue = openQueue({}, { metrics });
    const q = queue.settings.queueName;
    await queue.enqueue("work", { n: 1 }, { idempotencyKey: "m" });
    await queue.enqueue("work", { n: 1 }, { idempotencyKey: "m" });
    await queue.enqueue("other", { text: "fail" });
    startWorker(queue, { work: () => okAsync(undefined), other: () => errAsync(timeout(5)) }, { metricsIntervalMs: 50 }, { metrics });
    await until(() => metrics.value(metricNames.queueJobs, { queue: q, state: "failed" }) === 1, "a gauge sample with the dead letter");

    expect(metrics.value(metricNames.enqueued, { queue: q, name: "work", deduplicated: "false" })).toBe(1);
    expect(metrics.value(metricNames.enqueued, { queue: q, name: "work", deduplicated: "true" })).toBe(1);
    expect(metrics.value(metricNames.enqueued, { queue: q, name: "other", deduplicated: "false" })).toBe(1);
    expect(metrics.value(metricNames.attempts, { queue: q, name: "work" })).toBe(1);
    expect(metrics.value(metricNames.attempts, { queue: q, name: "other" })).toBe(5);
    expect(metrics.value(metricNames.outcomes, { queue: q, name: "work", outcome: "completed", error: "none" })).toBe(1);
    expect(metrics.value(metricNames.outcomes, { queue: q, name: "other", outcome: "retried", error: "Timeout" })).toBe(4);
    expect(metrics.value(metricNames.outcomes, { queue: q, name: "other", outcome: "dead_lettered", error: "Timeout" })).toBe(1);
    expect(metrics.readHistogram(metricNames.runDuration, { queue: q, name: "other", outcome: "retried" })?.count).toBe(4);
    expect(metrics.readHistogram(metricNames.runDuration, { queue: q, name: "work", outcome: "completed" })?.count).toBe(1);
    expect(metrics.readHistogram(metricNames.waitDuration, { queue: q, name: "work" })?.count).toBe(1);
    expect(metrics.readHistogram(metricNames.waitDuration, { queue: q, name: "other" })?.count).toBe(1);
    for (const state of ["waiting", "active", "delayed"]) expect(metrics.value(metricNames.queueJobs, { queue: q, state })).toBe(0);
  });
});
