import {
  type Job,
  type JobError,
  type JobHandler,
  type JobHandlers,
  type JobMap,
  type Logger,
  type Result,
  ResultAsync,
  type SpanOptions,
  type Worker,
  type WorkerStopOptions,
  type WorkerStopReport,
  err,
  internal,
  isTransient,
} from "@hexkit/core";
import { type Job as BullJob, Queue, Worker as BullWorker, WaitingError } from "bullmq";
import type { z } from "zod";
import { closeClient, createWorkerClient } from "./connection.js";
import { settleIdempotencyKey } from "./idempotency.js";
import { type JobEnvelope, readEnvelope } from "./job-envelope.js";
import { TransientJobFailure, createBackoffStrategy, permanentFailure } from "./job-failure.js";
import { type JobRegistry, type JobsOf, validatePayload } from "./job-registry.js";
import { type WorkerInstruments, workerInstruments } from "./metrics.js";
import {
  type BullmqConnectionSettings,
  BullmqStandaloneWorkerOptions,
  BullmqWorkerOptions,
  type BullmqWorkerSettings,
} from "./options.js";
import { parseOptions } from "./parse-options.js";
import type { BullmqJobQueue, BullmqQueueDeps } from "./queue.js";
import { messagingAttributes } from "./tracing.js";

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

type Outcome = { readonly kind: "completed" } | { readonly kind: "failed"; readonly error: Error };

interface InFlight {
  readonly job: BullJob;
  readonly token: string | undefined;
  abandon(): void;
}

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
  const inFlight = new Map<string, InFlight>();
  let stopRequested = false;
  let drained = 0;

  const processor = async (job: BullJob, token?: string): Promise<void> => {
    const id = job.id ?? "";
    let abandon!: () => void;
    const abandoned = new Promise<"abandoned">((resolve) => {
      abandon = () => {
        resolve("abandoned");
      };
    });
    inFlight.set(id, { job, token, abandon });
    try {
      const outcome = await Promise.race([runJob(job), abandoned]);
      if (outcome === "abandoned") throw new WaitingError();
      if (stopRequested) drained += 1;
      if (outcome.kind === "failed") throw outcome.error;
    } finally {
      inFlight.delete(id);
    }
  };

  const runJob = async (bullJob: BullJob): Promise<Outcome> => {
    const started = performance.now();
    const envelope = readEnvelope(bullJob.data);
    const attempt = bullJob.attemptsMade + 1;
    const labels = { queue: queueName, name: bullJob.name };
    if (instruments !== undefined) {
      instruments.attempts.inc(labels);
      if (attempt === 1 && bullJob.attemptsStarted <= 1) {
        instruments.waitDuration.observe(Math.max(0, Date.now() - bullJob.timestamp - (bullJob.opts.delay ?? 0)), labels);
      }
    }
    const inContext = (): Promise<Outcome> =>
      handle(bullJob, envelope, attempt).then((outcome) => {
        if (instruments !== undefined) {
          const kind = outcomeLabel(outcome, bullJob, attempt);
          instruments.outcomes.inc({ ...labels, outcome: kind.outcome, error: kind.error });
          instruments.runDuration.observe(performance.now() - started, { ...labels, outcome: kind.outcome });
        }
        return outcome;
      });
    try {
      return await (context === undefined ? inContext() : context.run(context.extract(envelope.carrier), inContext));
    } catch (cause) {
      // Only a bug in a port adapter (context, tracer, metrics) lands here.
      return { kind: "failed", error: permanentFailure(internal(`Worker failed to run job ${bullJob.id ?? ""}`, cause)) };
    }
  };

  const handle = async (bullJob: BullJob, envelope: JobEnvelope, attempt: number): Promise<Outcome> => {
    const maxAttempts = bullJob.opts.attempts ?? 1;
    const jobLogger = (): Logger | undefined =>
      logger?.child({ queue: queueName, jobId: bullJob.id, jobName: bullJob.name, attempt, maxAttempts });
    const handler = (handlers as unknown as Readonly<Record<string, JobHandler | undefined>>)[bullJob.name];
    const parsed = validatePayload(registry, bullJob.name, envelope.payload);
    let result: Result<void, JobError>;
    if (parsed.isErr()) {
      result = err(parsed.error);
    } else if (handler === undefined || !Object.hasOwn(handlers, bullJob.name)) {
      result = err(internal(`No handler for job "${bullJob.name}" in this worker`));
    } else {
      const job: Job = {
        id: bullJob.id ?? "",
        name: bullJob.name,
        payload: parsed.value,
        attempt,
        maxAttempts,
        enqueuedAt: bullJob.timestamp,
        carrier: envelope.carrier,
        ...(bullJob.deduplicationId === undefined ? {} : { idempotencyKey: bullJob.deduplicationId }),
      };
      result = await invoke(handler, job, envelope);
    }
    if (result.isOk()) {
      await settleKey(bullJob, envelope);
      const log = logger?.isLevelEnabled("debug") === true ? jobLogger() : undefined;
      log?.debug("Job completed");
      return { kind: "completed" };
    }
    const error = result.error;
    if (isTransient(error) && attempt < maxAttempts) {
      jobLogger()?.warn("Job failed; it will be retried", { err: error });
      return { kind: "failed", error: new TransientJobFailure(error) };
    }
    await settleKey(bullJob, envelope);
    jobLogger()?.error("Job dead-lettered", { err: error });
    return { kind: "failed", error: permanentFailure(error) };
  };

  const invoke = async (handler: JobHandler, job: Job, envelope: JobEnvelope): Promise<Result<void, JobError>> => {
    const call = (): ResultAsync<void, JobError> =>
      new ResultAsync(
        (async (): Promise<Result<void, JobError>> => {
          try {
            return await handler(job);
          } catch (cause) {
            return err(internal(`The handler of job "${job.name}" threw`, cause));
          }
        })(),
      );
    if (tracer === undefined) return call();
    const attributes = { ...messagingAttributes(queueName, "process", job.name), "messaging.message.id": job.id, "hexkit.job.attempt": job.attempt };
    const spanOptions: SpanOptions =
      envelope.carrier.traceparent === undefined
        ? { kind: "consumer", attributes }
        : { kind: "consumer", attributes, parent: envelope.carrier };
    return tracer.withSpan(`${queueName} process`, spanOptions, call);
  };

  // Holds the job's idempotency key for the producer's window from now on (see idempotency.ts).
  const settleKey = async (bullJob: BullJob, envelope: JobEnvelope): Promise<void> => {
    if (bullJob.deduplicationId === undefined || bullJob.id === undefined) return;
    const windowMs = envelope.idempotencyWindowMs ?? 0;
    if (windowMs <= 0) return;
    try {
      await settleIdempotencyKey(client, worker.toKey(`de:${bullJob.deduplicationId}`), bullJob.id, windowMs);
    } catch (cause) {
      logger?.warn("Could not start the idempotency window of a job", { queue: queueName, jobId: bullJob.id, err: cause });
    }
  };

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

  const sampler = startSampler(settings, instruments, client, logger);

  let stopping: Promise<WorkerStopReport> | undefined;
  let stopped = false;
  const stop = (stopOptions: WorkerStopOptions = {}): Promise<WorkerStopReport> => {
    // Idempotent: a call after the worker stopped has nothing left to drain or abandon.
    if (stopped) return Promise.resolve({ drained: 0, abandoned: 0 });
    stopping ??= (async (): Promise<WorkerStopReport> => {
      stopRequested = true;
      const deadlineMs = stopOptions.deadlineMs ?? settings.stopDeadlineMs;
      await sampler.stop();
      // close() stops fetching at once, then waits for the jobs in flight.
      const closing = worker.close().catch(() => undefined);
      let abandoned = 0;
      if (!(await settlesWithin(closing, deadlineMs))) {
        // Hand what is left back to the queue now rather than after its lock expires.
        for (const entry of [...inFlight.values()]) {
          abandoned += 1;
          if (entry.token !== undefined) await entry.job.moveToWait(entry.token).catch(() => undefined);
          entry.abandon();
        }
        if (!(await settlesWithin(closing, 5_000))) await worker.close(true).catch(() => undefined);
      }
      await closeClient(client);
      stopped = true;
      return { drained, abandoned };
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

function outcomeLabel(outcome: Outcome, job: BullJob, attempt: number): { outcome: string; error: string } {
  if (outcome.kind === "completed") return { outcome: "completed", error: "none" };
  const error = outcome.error;
  const tag = error instanceof TransientJobFailure ? error.jobError._tag : (/^\[([A-Za-z]+)\]/.exec(error.message)?.[1] ?? "Internal");
  const retried = error instanceof TransientJobFailure && attempt < (job.opts.attempts ?? 1);
  return { outcome: retried ? "retried" : "dead_lettered", error: tag };
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, ms);
  });
  const settled = await Promise.race([promise.then(() => true), expired]);
  clearTimeout(timer);
  return settled;
}

interface Sampler {
  stop(): Promise<void>;
}

/** Samples the queue's counts into the `job_queue_jobs` gauge, one sample at a time. */
function startSampler(
  settings: BullmqWorkerSettings & BullmqConnectionSettings,
  instruments: WorkerInstruments | undefined,
  client: ReturnType<typeof createWorkerClient>,
  logger: Logger | undefined,
): Sampler {
  if (instruments === undefined || settings.metricsIntervalMs === 0) return { stop: () => Promise.resolve() };
  const queue = new Queue(settings.queueName, { connection: client, prefix: settings.prefix });
  queue.on("error", () => undefined);
  let running: Promise<void> | undefined;
  const sample = async (): Promise<void> => {
    try {
      const counts = await queue.getJobCounts("waiting", "prioritized", "active", "delayed", "failed");
      const gauge = instruments.queueJobs;
      const queueLabel = settings.queueName;
      gauge.set((counts.waiting ?? 0) + (counts.prioritized ?? 0), { queue: queueLabel, state: "waiting" });
      gauge.set(counts.active ?? 0, { queue: queueLabel, state: "active" });
      gauge.set(counts.delayed ?? 0, { queue: queueLabel, state: "delayed" });
      gauge.set(counts.failed ?? 0, { queue: queueLabel, state: "failed" });
    } catch (cause) {
      logger?.debug("Could not sample queue counts", { queue: settings.queueName, err: cause });
    }
  };
  const tick = (): void => {
    running ??= sample().finally(() => {
      running = undefined;
    });
  };
  const timer = setInterval(tick, settings.metricsIntervalMs);
  timer.unref();
  tick();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
      await queue.close().catch(() => undefined);
    },
  };
}
