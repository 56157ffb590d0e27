import { okAsync } from "@hexkit/core";
import { errTagged, freePort, startRedisServer, type TestRedisServer } from "@hexkit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createBullmqQueue, createBullmqWorker } from "../src/index.js";
import { createRecordingMetrics } from "@hexkit/memory";
import { cleanups, testJobs, uniqueQueueName, until } from "./support.js";

const pending = cleanups();
afterEach(() => pending.run());

async function startServer(): Promise<TestRedisServer> {
  const server = await startRedisServer();
  pending.add(() => server.kill());
  return server;
}

/** Runs `fn` and answers its result with how long it took, in ms. */
async function timed<T>(fn: () => PromiseLike<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, performance.now() - started];
}

describe("bullmq: faults", () => {
  it("answers Unavailable within its command timeout while Redis is down", async () => {
    const server = await startServer();
    const queue = createBullmqQueue(testJobs, { queueName: uniqueQueueName("faults"), redisUrl: server.url, commandTimeoutMs: 400 });
    pending.add(() => queue.close());
    expect((await queue.enqueue("work", { n: 1 })).isOk()).toBe(true);

    await server.kill();
    const [enqueued, enqueueMs] = await timed(() => queue.enqueue("work", { n: 2 }));
    expect(enqueued).toEqual(errTagged("Unavailable", { dependency: "redis" }));
    expect(enqueueMs).toBeLessThan(400 + 500);
    const [counted, countMs] = await timed(() => queue.counts());
    expect(counted).toEqual(errTagged("Unavailable", { dependency: "redis" }));
    expect(countMs).toBeLessThan(400 + 500);
    expect(await queue.deadLetters()).toEqual(errTagged("Unavailable"));
  });

  it("answers Unavailable within its command timeout when Redis was never reachable", async () => {
    const redisUrl = `redis://127.0.0.1:${await freePort()}`; // nobody listens there
    const queue = createBullmqQueue(testJobs, { queueName: uniqueQueueName("faults"), redisUrl, commandTimeoutMs: 300 });
    pending.add(() => queue.close());
    const [enqueued, elapsedMs] = await timed(() => queue.enqueue("work", { n: 1 }));
    expect(enqueued).toEqual(errTagged("Unavailable", { dependency: "redis" }));
    expect(elapsedMs).toBeLessThan(300 + 500);
  });

  it("reconnects a worker and a producer on their own when Redis comes back", async () => {
    const server = await startServer();
    const queueName = uniqueQueueName("faults");
    const queue = createBullmqQueue(testJobs, { queueName, redisUrl: server.url, commandTimeoutMs: 500 });
    pending.add(() => queue.close());
    const seen: number[] = [];
    const worker = createBullmqWorker(queue, { work: (job) => (seen.push(job.payload.n), okAsync(undefined)), other: () => okAsync(undefined) }, {
      drainDelaySeconds: 1,
    });
    pending.add(() => worker.stop({ deadlineMs: 0 }));
    await queue.enqueue("work", { n: 1 });
    await until(() => seen.length === 1, "the first job");

    await server.kill();
    expect(await queue.enqueue("work", { n: 2 })).toEqual(errTagged("Unavailable"));
    await server.restart();

    // The restarted server kept nothing; the producer answers again once it has reconnected.
    await until(async () => (await queue.enqueue("work", { n: 3 })).isOk(), "the producer to reconnect", 15_000);
    await until(() => seen.includes(3), "the worker to take a job after reconnecting", 15_000);
  });

  it("stops a worker and closes a queue while Redis is down, without hanging", async () => {
    const server = await startServer();
    const queue = createBullmqQueue(testJobs, { queueName: uniqueQueueName("faults"), redisUrl: server.url, commandTimeoutMs: 300 });
    const worker = createBullmqWorker(queue, { work: () => okAsync(undefined), other: () => okAsync(undefined) }, { metricsIntervalMs: 50 }, {
      metrics: createRecordingMetrics(),
    });
    await worker.ready();
    await server.kill();
    const [report, elapsedMs] = await timed(() => worker.stop({ deadlineMs: 200 }));
    expect(report).toEqual({ drained: 0, abandoned: 0 });
    // Bounded by the deadline plus the fixed waits of a shutdown (at most about 4 s in all).
    expect(elapsedMs).toBeLessThan(5_000);
    await queue.close();
  });
});
