import type { Logger } from "@hexkit/core";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { WorkerInstruments } from "./metrics.js";
import { settlesWithin } from "./settles-within.js";

/** A running sampler of the queue gauges. */
export interface Sampler {
  /** Stops sampling; resolves within about a second even while Redis is down. */
  stop(): Promise<void>;
}

/** What the sampler reads and where it writes. */
export interface SamplerConfig {
  readonly queueName: string;
  readonly prefix: string;
  readonly intervalMs: number;
  readonly instruments: WorkerInstruments | undefined;
  readonly client: Redis;
  readonly logger: Logger | undefined;
}

/**
 * Samples the queue's counts into the `job_queue_jobs` gauge every
 * `intervalMs` (one sample at a time; a sample that fails is skipped and
 * logged at debug). Does nothing without instruments or with an interval of 0.
 */
export function startSampler(config: SamplerConfig): Sampler {
  const { instruments, queueName } = config;
  if (instruments === undefined || config.intervalMs === 0) return { stop: () => Promise.resolve() };
  const queue = new Queue(queueName, { connection: config.client, prefix: config.prefix });
  queue.on("error", () => undefined);
  let running: Promise<void> | undefined;
  const sample = async (): Promise<void> => {
    try {
      const counts = await queue.getJobCounts("waiting", "prioritized", "active", "delayed", "failed");
      const gauge = instruments.queueJobs;
      gauge.set((counts.waiting ?? 0) + (counts.prioritized ?? 0), { queue: queueName, state: "waiting" });
      gauge.set(counts.active ?? 0, { queue: queueName, state: "active" });
      gauge.set(counts.delayed ?? 0, { queue: queueName, state: "delayed" });
      gauge.set(counts.failed ?? 0, { queue: queueName, state: "failed" });
    } catch (cause) {
      config.logger?.debug("Could not sample queue counts", { queue: queueName, err: cause });
    }
  };
  const tick = (): void => {
    running ??= sample().finally(() => {
      running = undefined;
    });
  };
  const timer = setInterval(tick, config.intervalMs);
  timer.unref();
  tick();
  return {
    stop: async () => {
      clearInterval(timer);
      if (running !== undefined) await settlesWithin(running, 500);
      await settlesWithin(queue.close(), 500);
    },
  };
}
