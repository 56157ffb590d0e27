import { defaultRetryPolicy } from "@hexkit/core";
import { z } from "zod";

const positiveMs = z.number().int().positive();

/** Where a queue lives: shared by producers and workers of the same queue. */
export const BullmqConnectionOptions = z.object({
  /** The BullMQ queue name; producers and workers of one queue must agree on it. */
  queueName: z.string().min(1).refine((name) => !name.includes(":"), "Must not contain ':'"),
  /** Prefix of every Redis key of the queue (BullMQ's `prefix`). */
  prefix: z.string().min(1).default("hexkit"),
  /** Redis to connect to. */
  redisUrl: z.string().min(1).default("redis://127.0.0.1:6379"),
});

/** Options of `createBullmqQueue`, validated by this schema (defaults in the README). */
export const BullmqQueueOptions = BullmqConnectionOptions.extend({
  /** Every producer call answers within this many ms (Unavailable while Redis is down, else Timeout). */
  commandTimeoutMs: positiveMs.default(2_000),
  /** Total tries of a job (first try included) unless `EnqueueOptions.attempts` says otherwise. */
  attempts: z.number().int().min(1).default(defaultRetryPolicy.maxAttempts),
  /** How long an idempotency key stays held after its job completes or is dead-lettered, in ms. */
  idempotencyWindowMs: positiveMs.default(24 * 60 * 60 * 1000),
  /** How many dead letters are kept (the oldest are removed beyond it, when another job dead-letters). */
  keepDeadLetters: z.number().int().positive().default(10_000),
});

/** Options of `createBullmqWorker`, validated by this schema (defaults in the README). */
export const BullmqWorkerOptions = z.object({
  /** Jobs run at once by this worker. */
  concurrency: z.number().int().positive().default(1),
  /** A running job's lock lasts this long and is renewed at half of it; a dead worker's jobs return after it. */
  lockDurationMs: positiveMs.default(30_000),
  /** How often this worker looks for jobs whose lock expired (stalled), in ms. */
  stalledIntervalMs: positiveMs.default(30_000),
  /** How many times a job may stall (its worker died) and run again before it is dead-lettered. */
  maxStalledCount: z.number().int().min(0).default(1),
  /** Backoff of transient errors: full jitter, exponential from `baseDelayMs`, capped at `maxDelayMs`. */
  retry: z
    .object({
      baseDelayMs: z.number().int().min(0).default(defaultRetryPolicy.baseDelayMs),
      maxDelayMs: z.number().int().min(0).default(defaultRetryPolicy.maxDelayMs),
    })
    .prefault({}),
  /** `stop()`'s default deadline for in-flight jobs, in ms. */
  stopDeadlineMs: z.number().int().min(0).default(10_000),
  /** How often the queue gauges are sampled, in ms; 0 turns sampling off. */
  metricsIntervalMs: z.number().int().min(0).default(15_000),
  /** How long a worker waits for a job before polling again, in seconds (BullMQ's `drainDelay`). */
  drainDelaySeconds: z.number().int().positive().default(5),
});

/** Options of `createBullmqWorker` when it is given a registry instead of a queue. */
export const BullmqStandaloneWorkerOptions = BullmqWorkerOptions.extend(BullmqConnectionOptions.shape);

export type BullmqConnectionSettings = z.output<typeof BullmqConnectionOptions>;
export type BullmqQueueSettings = z.output<typeof BullmqQueueOptions>;
export type BullmqWorkerSettings = z.output<typeof BullmqWorkerOptions>;
