import { createBullmqQueue, createBullmqWorker, defineJobs } from "@hexkit/bullmq";
import type { Worker } from "@hexkit/core";
import { type ContractJobs, jobQueueContract } from "@hexkit/testing";
import { Effect, ManagedRuntime } from "effect";
import { z } from "zod";
import { JobQueueService } from "../src/index.js";
import { throughEffect } from "./support/effect-handlers.js";
import { redisUrl, uniqueQueueName, wait } from "./support/redis-env.js";

const contractJobs = defineJobs({
  work: z.object({ n: z.number().int() }),
  other: z.object({ text: z.string().min(1) }),
});

class ContractQueue extends JobQueueService<ContractQueue, ContractJobs>()("test/BullmqContractQueue") {}

// BullMQ on real Redis as a scoped Effect layer: releasing the layer stops
// the workers, removes the queue's keys and closes the connection. The suite
// enqueues through a port built back from the service; workers' handlers go
// through Effect and back.
jobQueueContract("bullmq through the Effect layer", async ({ retryPolicy }) => {
  const workers: Worker[] = [];
  const adapter = createBullmqQueue(contractJobs, {
    queueName: uniqueQueueName("contract"),
    prefix: "hexkit-test-effect",
    redisUrl,
    attempts: retryPolicy.maxAttempts,
  });
  const release = Effect.acquireRelease(Effect.succeed(adapter), (queue) =>
    Effect.promise(async () => {
      await Promise.all(workers.map((worker) => worker.stop({ deadlineMs: 0 })));
      await queue.obliterate();
      await queue.close();
    }),
  );
  const runtime = ManagedRuntime.make(ContractQueue.layerFrom(release));
  const service = await runtime.runPromise(ContractQueue);
  return {
    subject: {
      queue: ContractQueue.toPort(service),
      startWorker: (handlers, options) => {
        const worker = createBullmqWorker(adapter, throughEffect(handlers), {
          concurrency: options?.concurrency ?? 1,
          retry: { baseDelayMs: retryPolicy.baseDelayMs, maxDelayMs: retryPolicy.maxDelayMs },
          drainDelaySeconds: 1,
        });
        workers.push(worker);
        return worker;
      },
    },
    advance: wait,
    teardown: () => runtime.dispose(),
  };
});
