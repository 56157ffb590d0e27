import { randomUUID } from "node:crypto";
import {
  type Carrier,
  type ContextStore,
  type DeadLetter,
  type EnqueuedJob,
  type EnqueueOptions,
  type JobMap,
  type JobQueue,
  type JobQueueError,
  type JobRequest,
  type Logger,
  type Metrics,
  type NotFound,
  type QueueCounts,
  ResultAsync,
  type Timeout,
  type Tracer,
  type Unavailable,
  type ValidationIssue,
  err,
  errAsync,
  notFound,
  ok,
  okAsync,
  validationError,
} from "@hexkit/core";
import { type Job as BullJob, type JobsOptions, Queue } from "bullmq";
import type { z } from "zod";
import { closeClient, createProducerClient } from "./connection.js";
import { withDeadline } from "./deadline.js";
import { checkEnqueueOptions } from "./enqueue-options.js";
import { deleteIdempotencyKeys, reclaimIdempotencyKey } from "./idempotency.js";
import { type JobEnvelope, decodeFailure, readEnvelope } from "./job-envelope.js";
import { backoffType } from "./job-failure.js";
import { type JobRegistry, type JobsOf, validatePayload } from "./job-registry.js";
import { producerInstruments } from "./metrics.js";
import { BullmqQueueOptions, type BullmqQueueSettings } from "./options.js";
import { parseOptions } from "./parse-options.js";
import { withProducerSpan } from "./tracing.js";

/** The ports a queue may use; all optional. */
export interface BullmqQueueDeps {
  /** A producer span per enqueue; its trace context travels in the job. */
  readonly tracer?: Tracer;
  /** The ambient context (correlation id, tenant) is injected into every job's carrier. */
  readonly context?: ContextStore;
  /** `jobs_enqueued_total`. */
  readonly metrics?: Metrics;
  /** Connection trouble is logged here (once per outage). */
  readonly logger?: Logger;
}

/**
 * The `JobQueue` port on BullMQ, plus what a worker of the same queue needs to
 * find it, and lifecycle methods.
 */
export interface BullmqJobQueue<Jobs extends JobMap> extends JobQueue<Jobs> {
  readonly registry: JobRegistry;
  readonly settings: BullmqQueueSettings;
  /** Removes every job and key of this queue, dead letters included (tests, teardown). */
  obliterate(): ResultAsync<void, Unavailable | Timeout>;
  /** Closes the connection; later calls answer `Unavailable`. Never rejects. */
  close(): Promise<void>;
}

/** BullMQ's priority range is 1..2^21; the port's 1 is the highest, as in BullMQ. */
function bullOptions(options: EnqueueOptions | undefined): { opts: JobsOptions; ownId?: string } {
  const opts: JobsOptions = {};
  if (options === undefined) return { opts };
  if (options.delayMs !== undefined && options.delayMs > 0) opts.delay = Math.ceil(options.delayMs);
  if (options.priority !== undefined) opts.priority = options.priority;
  if (options.attempts !== undefined) opts.attempts = options.attempts;
  if (options.idempotencyKey === undefined) return { opts };
  // Our own id tells a new job from a deduplicated one: BullMQ answers the id of the job the key names.
  const ownId = randomUUID();
  opts.jobId = ownId;
  opts.deduplication = { id: options.idempotencyKey };
  return { opts, ownId };
}

function toDeadLetter(job: BullJob): DeadLetter {
  const envelope = readEnvelope(job.data);
  return {
    id: job.id ?? "",
    name: job.name,
    payload: envelope.payload,
    attempts: job.attemptsMade,
    error: decodeFailure(job.failedReason),
    failedAt: job.finishedOn ?? job.processedOn ?? job.timestamp,
    carrier: envelope.carrier,
  };
}

/**
 * Creates a producer for the jobs of `registry` on a BullMQ queue.
 *
 * - `enqueue` validates options and payload first (`ValidationError` with
 *   every issue; nothing is sent), then adds the job durably: once it answers
 *   `Ok`, the job is in Redis (as durable as Redis's own persistence).
 * - Every call answers within `commandTimeoutMs`: `Unavailable` while Redis
 *   is down, `Timeout` when it is up but slow. An error means the job may or
 *   may not have been added; retry with the same idempotency key to be safe.
 * - Idempotency keys: see the README ("Idempotency window").
 */
export function createBullmqQueue<R extends JobRegistry>(
  registry: R,
  options: z.input<typeof BullmqQueueOptions>,
  deps: BullmqQueueDeps = {},
): BullmqJobQueue<JobsOf<R>> {
  const settings = parseOptions(BullmqQueueOptions, options, "createBullmqQueue");
  const { queueName } = settings;
  const client = createProducerClient(settings.redisUrl, settings.commandTimeoutMs, deps.logger);
  const queue = new Queue(queueName, {
    connection: client,
    prefix: settings.prefix,
    defaultJobOptions: {
      attempts: settings.attempts,
      backoff: { type: backoffType },
      // Completed jobs have no reader in the port; keeping them would only hold memory.
      removeOnComplete: true,
      removeOnFail: { count: settings.keepDeadLetters },
    },
  });
  queue.on("error", () => {
    // Reported through the client's own listener (connection.ts) and through results.
  });
  const probe = { isReady: (): boolean => client.status === "ready" };
  const run = <T>(name: string, operation: () => Promise<T>): ResultAsync<T, Unavailable | Timeout> =>
    withDeadline(operation, settings.commandTimeoutMs, name, probe);
  const instruments = producerInstruments(deps.metrics);
  const record = (job: EnqueuedJob): void => {
    instruments?.enqueued.inc({ queue: queueName, name: job.name, deduplicated: String(job.deduplicated) });
  };

  const envelope = (payload: unknown, carrier: Carrier, options: EnqueueOptions | undefined): JobEnvelope =>
    options?.idempotencyKey === undefined
      ? { payload, carrier }
      : { payload, carrier, idempotencyWindowMs: settings.idempotencyWindowMs };

  const existingName = async (id: string, fallback: string): Promise<string> => (await queue.getJob(id))?.name ?? fallback;

  const enqueue = (name: string, payload: unknown, options?: EnqueueOptions): ResultAsync<EnqueuedJob, JobQueueError> => {
    const optionIssues = checkEnqueueOptions(options, ["options"]);
    const checked = validatePayload(registry, name, payload);
    if (checked.isErr()) {
      return errAsync(optionIssues.length === 0 ? checked.error : validationError([...optionIssues, ...checked.error.issues]));
    }
    if (optionIssues.length > 0) return errAsync(validationError(optionIssues));
    const { opts, ownId } = bullOptions(options);
    return withProducerSpan(deps, queueName, name, options?.carrier, (carrierFor) =>
      run("enqueue", async () => {
        const job = await queue.add(name, envelope(payload, carrierFor(options?.carrier), options), opts);
        const id = job.id ?? "";
        const enqueued: EnqueuedJob =
          ownId === undefined || id === ownId
            ? { id, name, deduplicated: false }
            : { id, name: await existingName(id, name), deduplicated: true };
        record(enqueued);
        return enqueued;
      }),
    );
  };

  const enqueueMany = (requests: readonly JobRequest<JobsOf<R>>[]): ResultAsync<readonly EnqueuedJob[], JobQueueError> => {
    if (requests.length === 0) return okAsync([]);
    const issues: ValidationIssue[] = [];
    requests.forEach((request, index) => {
      issues.push(...checkEnqueueOptions(request.options, ["requests", index, "options"]));
      const checked = validatePayload(registry, request.name, request.payload);
      if (checked.isErr()) issues.push(...checked.error.issues.map((issue) => ({ ...issue, path: ["requests", index, ...issue.path] })));
    });
    if (issues.length > 0) return errAsync(validationError(issues));
    const prepared = requests.map((request) => ({ request, ...bullOptions(request.options) }));
    return withProducerSpan(deps, queueName, undefined, undefined, (carrierFor) =>
      run("enqueueMany", async () => {
        const jobs = await queue.addBulk(
          prepared.map(({ request, opts }) => ({
            name: request.name,
            data: envelope(request.payload, carrierFor(request.options?.carrier), request.options),
            opts,
          })),
        );
        const enqueued = await Promise.all(
          prepared.map(async ({ request, ownId }, index): Promise<EnqueuedJob> => {
            const id = jobs[index]?.id ?? "";
            if (ownId === undefined || id === ownId) return { id, name: request.name, deduplicated: false };
            return { id, name: await existingName(id, request.name), deduplicated: true };
          }),
        );
        enqueued.forEach(record);
        return enqueued;
      }),
    );
  };

  const deadLetters = (limit = 100): ResultAsync<readonly DeadLetter[], Unavailable | Timeout> => {
    if (!(limit >= 1)) return okAsync([]);
    return run("deadLetters", () => queue.getFailed(0, Math.floor(limit) - 1)).map((jobs) =>
      // BullMQ's types say every entry is a job, but a job removed meanwhile comes back as undefined.
      (jobs as (BullJob | undefined)[]).filter((job): job is BullJob => job !== undefined).map(toDeadLetter),
    );
  };

  const replayDeadLetter = (id: string): ResultAsync<EnqueuedJob, NotFound | Unavailable | Timeout> =>
    run("replayDeadLetter", async (): Promise<EnqueuedJob | undefined> => {
      const job = await queue.getJob(id);
      if (job === undefined || !(await job.isFailed())) return undefined;
      try {
        await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
      } catch (cause) {
        // Another caller replayed it first: it is no longer a dead letter.
        if (!(await job.isFailed())) return undefined;
        throw cause;
      }
      if (job.deduplicationId !== undefined) {
        await reclaimIdempotencyKey(client, queue.toKey(`de:${job.deduplicationId}`), id);
      }
      return { id, name: job.name, deduplicated: false };
    }).andThen((job) => (job === undefined ? err(notFound("dead letter", id)) : ok(job)));

  const counts = (): ResultAsync<QueueCounts, Unavailable | Timeout> =>
    run("counts", () => queue.getJobCounts("waiting", "prioritized", "delayed", "active", "failed")).map((found) => ({
      waiting: (found.waiting ?? 0) + (found.prioritized ?? 0),
      delayed: found.delayed ?? 0,
      active: found.active ?? 0,
      deadLettered: found.failed ?? 0,
    }));

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await Promise.race([queue.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
      await closeClient(client);
    })();
    return closing;
  };

  return {
    registry,
    settings,
    enqueue,
    enqueueMany,
    deadLetters,
    replayDeadLetter,
    counts,
    obliterate: () =>
      run("obliterate", async () => {
        await queue.obliterate({ force: true });
        await deleteIdempotencyKeys(client, queue.toKey("de:"));
      }),
    close,
  };
}
