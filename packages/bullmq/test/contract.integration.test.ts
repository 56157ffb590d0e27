import type { JobHandlers, Worker } from "@hexkit/core";
import { type ContractJobs, jobQueueContract } from "@hexkit/testing";
import { createBullmqQueue, createBullmqWorker } from "../src/index.js";
import { testJobs, testPrefix, uniqueQueueName, wait } from "./support.js";

jobQueueContract("bullmq", ({ retryPolicy }) => {
  const queue = createBullmqQueue(testJobs, {
    queueName: uniqueQueueName("contract"),
    prefix: testPrefix,
    attempts: retryPolicy.maxAttempts,
  });
  const workers: Worker[] = [];
  return Promise.resolve({
    subject: {
      queue,
      startWorker: (handlers: JobHandlers<ContractJobs>, options) => {
        const worker = createBullmqWorker(queue, handlers, {
          concurrency: options?.concurrency ?? 1,
          retry: { baseDelayMs: retryPolicy.baseDelayMs, maxDelayMs: retryPolicy.maxDelayMs },
          drainDelaySeconds: 1,
        });
        workers.push(worker);
        return worker;
      },
    },
    advance: wait,
    teardown: async () => {
      await Promise.all(workers.map((worker) => worker.stop({ deadlineMs: 0 })));
      await queue.obliterate();
      await queue.close();
    },
  });
});
