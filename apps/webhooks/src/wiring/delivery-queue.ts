import type { ContextStore, JobHandlers, JobQueue, Logger, Metrics, Tracer, Worker } from "@hexkit/core";
import { createBullmqQueue, createBullmqWorker, defineJobs } from "@hexkit/bullmq";
import { createMemoryJobQueue } from "@hexkit/memory";
import type { Clock, IdGenerator } from "@hexkit/core";
import { z } from "zod";
import type { DeliveryJobs } from "../adapters/delivery-jobs.js";
import type { WebhooksConfig } from "../config.js";

/** The deliver job as BullMQ validates it on enqueue and again on consume. */
export const deliveryJobRegistry = defineJobs({
  deliver: z.object({ tenantId: z.string().min(1), deliveryId: z.string().min(1), seq: z.number().int().positive() }),
});

/** The real delivery queue of this process and how to consume it. */
export interface DeliveryQueue {
  readonly queue: JobQueue<DeliveryJobs>;
  /** Starts consuming with `handlers`; call once, in processes that run workers. */
  startWorker(handlers: JobHandlers<DeliveryJobs>): Worker;
  close(): Promise<void>;
}

/**
 * BullMQ on `redis` when configured (any number of processes produce and
 * consume; a dead worker's job is taken again after `queue.lockDurationMs`),
 * else the memory queue of this process.
 */
export function createDeliveryQueue(
  config: WebhooksConfig,
  deps: {
    readonly clock: Clock;
    readonly ids: IdGenerator;
    readonly context: ContextStore;
    readonly logger: Logger;
    readonly metrics: Metrics | undefined;
    readonly tracer: Tracer | undefined;
  },
): DeliveryQueue {
  const log = deps.logger.child({ component: "queue" });
  if (config.redis === undefined) {
    const memory = createMemoryJobQueue<DeliveryJobs>({ clock: deps.clock, idGenerator: deps.ids, context: deps.context, logger: log });
    return {
      queue: memory,
      startWorker: (handlers) => memory.createWorker(handlers, { concurrency: config.delivery.concurrency }),
      close: () => memory.close({ deadlineMs: 0 }),
    };
  }
  const observe = {
    context: deps.context,
    logger: log,
    ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }),
    ...(deps.tracer === undefined ? {} : { tracer: deps.tracer }),
  };
  const bull = createBullmqQueue(
    deliveryJobRegistry,
    {
      queueName: config.queue.name,
      prefix: config.redis.keyPrefix,
      redisUrl: config.redis.url,
      commandTimeoutMs: Math.max(config.redis.commandTimeoutMs, 1_000),
      attempts: config.queue.attempts,
    },
    observe,
  );
  return {
    queue: bull,
    startWorker: (handlers) =>
      createBullmqWorker(
        bull,
        handlers,
        {
          concurrency: config.delivery.concurrency,
          lockDurationMs: config.queue.lockDurationMs,
          stalledIntervalMs: config.queue.stalledIntervalMs,
          // A job whose worker died runs again; past this many deaths the overdue sweep still recovers the delivery.
          maxStalledCount: 5,
          retry: { baseDelayMs: 500, maxDelayMs: config.queue.maxRetryDelayMs },
          stopDeadlineMs: config.delivery.stopDeadlineMs,
          drainDelaySeconds: 1,
        },
        observe,
      ),
    close: () => bull.close(),
  };
}
