import {
  type ContextStore,
  type Job,
  type JobError,
  type JobHandler,
  type Logger,
  type Result,
  ResultAsync,
  type SpanOptions,
  type Tracer,
  err,
  internal,
  isTransient,
} from "@hexkit/core";
import type { Job as BullJob } from "bullmq";
import { type JobEnvelope, readEnvelope } from "./job-envelope.js";
import { TransientJobFailure, permanentFailure } from "./job-failure.js";
import { type JobRegistry, validatePayload } from "./job-registry.js";
import type { WorkerInstruments } from "./metrics.js";
import { messagingAttributes } from "./tracing.js";

/** How one attempt ended, as BullMQ must be told: return, or throw this error. */
export type Outcome = { readonly kind: "completed" } | { readonly kind: "failed"; readonly error: Error };

/** What running a job needs; fixed for the life of a worker. */
export interface JobRunnerConfig {
  readonly queueName: string;
  readonly registry: JobRegistry;
  readonly handlers: Readonly<Record<string, JobHandler | undefined>>;
  readonly logger: Logger | undefined;
  readonly tracer: Tracer | undefined;
  readonly context: ContextStore | undefined;
  readonly instruments: WorkerInstruments | undefined;
  /** Starts the idempotency window of a job that is about to finish for good. */
  readonly settleKey: (job: BullJob, envelope: JobEnvelope) => Promise<void>;
}

/** Calls a handler; a throw or a rejected ResultAsync becomes `Internal` (a bug in the handler). */
async function guardedCall(handler: JobHandler, job: Job): Promise<Result<void, JobError>> {
  try {
    return await handler(job);
  } catch (cause) {
    return err(internal(`The handler of job "${job.name}" threw`, cause));
  }
}

function outcomeLabels(outcome: Outcome, retried: boolean): { outcome: string; error: string } {
  if (outcome.kind === "completed") return { outcome: "completed", error: "none" };
  const error = outcome.error;
  const tag = error instanceof TransientJobFailure ? error.jobError._tag : (/^\[([A-Za-z]+)\]/.exec(error.message)?.[1] ?? "Internal");
  return { outcome: retried ? "retried" : "dead_lettered", error: tag };
}

/**
 * Runs one attempt of a job: checks the payload, runs the handler inside the
 * producer's context and a consumer span, records metrics and log lines, and
 * turns the handler's Result into what BullMQ expects. A class (not closures
 * made per job) because it runs once per job on the hot path.
 */
export class JobRunner {
  constructor(private readonly config: JobRunnerConfig) {}

  /** Never rejects unless a port adapter (context, metrics) throws. */
  run(bullJob: BullJob): Promise<Outcome> {
    const started = performance.now();
    const envelope = readEnvelope(bullJob.data);
    const attempt = bullJob.attemptsMade + 1;
    const { instruments, context } = this.config;
    if (instruments !== undefined) {
      const labels = { queue: this.config.queueName, name: bullJob.name };
      instruments.attempts.inc(labels);
      if (attempt === 1 && bullJob.attemptsStarted <= 1) {
        instruments.waitDuration.observe(Math.max(0, Date.now() - bullJob.timestamp - (bullJob.opts.delay ?? 0)), labels);
      }
    }
    if (context === undefined) {
      return instruments === undefined ? this.handle(bullJob, envelope, attempt) : this.measured(bullJob, envelope, attempt, started);
    }
    return context.run(context.extract(envelope.carrier), () => this.measured(bullJob, envelope, attempt, started));
  }

  private async measured(bullJob: BullJob, envelope: JobEnvelope, attempt: number, started: number): Promise<Outcome> {
    const outcome = await this.handle(bullJob, envelope, attempt);
    const { instruments, queueName } = this.config;
    if (instruments !== undefined) {
      const retried = outcome.kind === "failed" && outcome.error instanceof TransientJobFailure;
      const labels = outcomeLabels(outcome, retried);
      instruments.outcomes.inc({ queue: queueName, name: bullJob.name, outcome: labels.outcome, error: labels.error });
      instruments.runDuration.observe(performance.now() - started, { queue: queueName, name: bullJob.name, outcome: labels.outcome });
    }
    return outcome;
  }

  private jobLogger(bullJob: BullJob, attempt: number): Logger | undefined {
    const maxAttempts = bullJob.opts.attempts ?? 1;
    return this.config.logger?.child({ queue: this.config.queueName, jobId: bullJob.id, jobName: bullJob.name, attempt, maxAttempts });
  }

  private async handle(bullJob: BullJob, envelope: JobEnvelope, attempt: number): Promise<Outcome> {
    const { registry, handlers, logger, settleKey } = this.config;
    const maxAttempts = bullJob.opts.attempts ?? 1;
    const parsed = validatePayload(registry, bullJob.name, envelope.payload);
    const handler = Object.hasOwn(handlers, bullJob.name) ? handlers[bullJob.name] : undefined;
    let result: Result<void, JobError>;
    if (parsed.isErr()) {
      result = err(parsed.error);
    } else if (handler === undefined) {
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
      result = this.config.tracer === undefined ? await guardedCall(handler, job) : await this.traced(handler, job, envelope);
    }
    if (result.isOk()) {
      if (bullJob.deduplicationId !== undefined) await settleKey(bullJob, envelope);
      if (logger?.isLevelEnabled("debug") === true) this.jobLogger(bullJob, attempt)?.debug("Job completed");
      return { kind: "completed" };
    }
    const error = result.error;
    // The same decision BullMQ makes: retry while attempts remain, unless the error is permanent.
    if (isTransient(error) && attempt < maxAttempts) {
      this.jobLogger(bullJob, attempt)?.warn("Job failed; it will be retried", { err: error });
      return { kind: "failed", error: new TransientJobFailure(error) };
    }
    if (bullJob.deduplicationId !== undefined) await settleKey(bullJob, envelope);
    this.jobLogger(bullJob, attempt)?.error("Job dead-lettered", { err: error });
    return { kind: "failed", error: permanentFailure(error) };
  }

  private traced(handler: JobHandler, job: Job, envelope: JobEnvelope): Promise<Result<void, JobError>> {
    const { tracer, queueName } = this.config;
    if (tracer === undefined) return guardedCall(handler, job);
    const attributes = {
      ...messagingAttributes(queueName, "process", job.name),
      "messaging.message.id": job.id,
      "hexkit.job.attempt": job.attempt,
    };
    const options: SpanOptions =
      envelope.carrier.traceparent === undefined
        ? { kind: "consumer", attributes }
        : { kind: "consumer", attributes, parent: envelope.carrier };
    return Promise.resolve(tracer.withSpan(`${queueName} process`, options, () => new ResultAsync(guardedCall(handler, job))));
  }
}
