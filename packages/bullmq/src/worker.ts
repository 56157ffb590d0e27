import {
  type JobHandler,
  type JobHandlers,
  type JobMap,
  type Worker,
  type WorkerStopOptions,
  type WorkerStopReport,
} from "@hexkit/core";
import { type Job as BullJob, Worker as BullWorker } from "bullmq";
import type { z } from "zod";
import { closeClient, createWorkerClient } from "./connection.js";
import { settleIdempotencyKey } from "./idempotency.js";
import { InFlightJob, InFlightJobs } from "./in-flight.js";
import type { JobEnvelope } from "./job-envelope.js";
import { createBackoffStrategy } from "./job-failure.js";
import type { JobRegistry, JobsOf } from "./job-registry.js";
import { workerInstruments } from "./metrics.js";
import { startSampler } from "./sampler.js";
import { settlesWithin } from "./settles-within.js";
import {
  type BullmqConnectionSettings,
  BullmqStandaloneWorkerOptions,
  BullmqWorkerOptions,
  type BullmqWorkerSettings,
} from "./options.js";
import { parseOptions } from "./parse-options.js";
import type { BullmqJobQueue, BullmqQueueDeps } from "./queue.js";
import { JobRunner } from "./run-job.js";

/** The ports a worker may use; all optional. */
export interface BullmqWorkerDeps extends BullmqQueueDeps {
  /** Randomness of the backoff's jitter (tests make it deterministic). */
  readonly random?: () => number;
}

/** The `Worker` port on BullMQ, with a way to wait until it is connected. */
export interface BullmqWorker extends Worker {
  /** Resolves once the worker is connected and taking jobs (rejects never; resolves on stop too). */
  ready(): Promise<void>;
}

/** Options of a worker built from a queue (which already says where the queue lives). */
export type BullmqWorkerInput = z.input<typeof BullmqWorkerOptions>;
/** Options of a worker built from a registry: the worker options plus the connection ones. */
export type BullmqStandaloneWorkerInput = z.input<typeof BullmqStandaloneWorkerOptions>;

function isQueue(source: JobRegistry | BullmqJobQueue<JobMap>): source is BullmqJobQueue<JobMap> {
  return "settings" in source && "enqueue" in source;
}

/**
 * Creates a worker that runs the jobs of a queue with `handlers`, one per
 * job name. Delivery is at-least-once; handlers must be idempotent.
 *
 * For each job: the payload is validated again (a mismatch dead-letters the
 * job with a `ValidationError` reason and never reaches the handler), the
 * handler runs inside the producer's context (`ContextStore.run`) and inside
 * a consumer span that continues the producer's trace, and its Result
 * decides: `Ok` completes; a transient error retries on core's retry policy
 * (`RateLimited` waits at least its `retryAfterMs`); any other error, a throw,
 * or the last attempt dead-letters the job. A job whose worker dies is taken
 * again by another worker once its lock (`lockDurationMs`) expires.
 */
export function createBullmqWorker<R extends JobRegistry>(
  source: R | BullmqJobQueue<JobsOf<R>>,
  handlers: JobHandlers<JobsOf<R>>,
  options: BullmqWorkerInput | BullmqStandaloneWorkerInput = {},
  deps: BullmqWorkerDeps = {},
): BullmqWorker {
  const origin = source as unknown as JobRegistry | BullmqJobQueue<JobMap>;
  const registry: JobRegistry = isQueue(origin) ? origin.registry : origin;
  const settings: BullmqWorkerSettings & BullmqConnectionSettings = isQueue(origin)
    ? { ...origin.settings, ...parseOptions(BullmqWorkerOptions, options, "createBullmqWorker") }
    : parseOptions(BullmqStandaloneWorkerOptions, options, "createBullmqWorker");
  const { queueName } = settings;
  const { logger, tracer, context } = deps;
  const instruments = workerInstruments(deps.metrics);
  const client = createWorkerClient(settings.redisUrl, logger);
  const inFlight = new InFlightJobs();

  // Holds the job's idempotency key for the producer's window from now on (see idempotency.ts).
  const settleKey = async (bullJob: BullJob, envelope: JobEnvelope): Promise<void> => {
    const windowMs = envelope.idempotencyWindowMs ?? 0;
    if (bullJob.deduplicationId === undefined || bullJob.id === undefined || windowMs <= 0) return;
    try {
      await settleIdempotencyKey(client, worker.toKey(`de:${bullJob.deduplicationId}`), bullJob.id, windowMs);
    } catch (cause) {
      logger?.warn("Could not start the idempotency window of a job", { queue: queueName, jobId: bullJob.id, err: cause });
    }
  };

  const runner = new JobRunner({
    queueName,
    registry,
    handlers: handlers as unknown as Readonly<Record<string, JobHandler | undefined>>,
    logger,
    tracer,
    context,
    instruments,
    settleKey,
  });

  const processor = (job: BullJob, token?: string): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const entry = new InFlightJob(job, token, inFlight, resolve, reject);
      inFlight.add(entry);
      runner.run(job).then(
        (outcome) => {
          entry.settle(outcome);
        },
        (cause: unknown) => {
          entry.crash(cause);
        },
      );
    });

  const worker = new BullWorker(queueName, processor, {
    connection: client,
    prefix: settings.prefix,
    concurrency: settings.concurrency,
    lockDuration: settings.lockDurationMs,
    stalledInterval: settings.stalledIntervalMs,
    maxStalledCount: settings.maxStalledCount,
    drainDelay: settings.drainDelaySeconds,
    settings: { backoffStrategy: createBackoffStrategy(settings.retry, deps.random) },
  });
  let lastErrorLog = 0;
  worker.on("error", (error) => {
    // BullMQ repeats connection errors while Redis is down; one line every 5 s is enough.
    const now = Date.now();
    if (now - lastErrorLog < 5_000) return;
    lastErrorLog = now;
    logger?.warn("Worker error (it keeps retrying on its own)", { queue: queueName, err: error });
  });

  const sampler = startSampler({
    queueName,
    prefix: settings.prefix,
    intervalMs: settings.metricsIntervalMs,
    instruments,
    client,
    logger,
  });

  let stopping: Promise<WorkerStopReport> | undefined;
  let stopped = false;
  const stop = (stopOptions: WorkerStopOptions = {}): Promise<WorkerStopReport> => {
    // Idempotent: a call after the worker stopped has nothing left to drain or abandon.
    if (stopped) return Promise.resolve({ drained: 0, abandoned: 0 });
    stopping ??= (async (): Promise<WorkerStopReport> => {
      inFlight.beginStop();
      const deadlineMs = stopOptions.deadlineMs ?? settings.stopDeadlineMs;
      await sampler.stop();
      // close() stops fetching at once, then waits for the jobs in flight.
      const closing = worker.close();
      let abandoned = 0;
      if (!(await settlesWithin(closing, deadlineMs))) {
        // Hand what is left back to the queue now rather than after its lock
        // expires. Bounded: while Redis is down the lock expiry does it instead.
        for (const entry of inFlight.current()) {
          abandoned += 1;
          if (entry.token !== undefined) await settlesWithin(entry.job.moveToWait(entry.token), 1_000);
          entry.abandon();
        }
        if (!(await settlesWithin(closing, 2_000))) await settlesWithin(worker.close(true), 1_000);
      }
      await settlesWithin(closeClient(client), 1_000);
      client.disconnect();
      stopped = true;
      return { drained: inFlight.drained, abandoned };
    })();
    return stopping;
  };

  return {
    stop,
    ready: () => worker.waitUntilReady().then(
      () => undefined,
      () => undefined,
    ),
  };
}
