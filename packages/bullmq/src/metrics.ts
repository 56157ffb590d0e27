import { type Counter, type Gauge, type Histogram, type Metrics, latencyBucketsMs } from "@hexkit/core";

/**
 * The instruments of this adapter (names and labels are listed in the
 * README). Label values come from bounded sets: queue and job names from the
 * registry, states and outcomes from fixed lists, error tags from core.
 */
export const metricNames = {
  enqueued: "jobs_enqueued_total",
  queueJobs: "job_queue_jobs",
  waitDuration: "job_wait_duration_ms",
  runDuration: "job_run_duration_ms",
  attempts: "job_attempts_total",
  outcomes: "job_outcomes_total",
} as const;

/** What a producer records. */
export interface ProducerInstruments {
  readonly enqueued: Counter;
}

/** What a worker records. */
export interface WorkerInstruments {
  readonly queueJobs: Gauge;
  readonly waitDuration: Histogram;
  readonly runDuration: Histogram;
  readonly attempts: Counter;
  readonly outcomes: Counter;
}

/** Declares the producer's instruments (or none without a Metrics port). */
export function producerInstruments(metrics: Metrics | undefined): ProducerInstruments | undefined {
  if (metrics === undefined) return undefined;
  return {
    enqueued: metrics.counter({
      name: metricNames.enqueued,
      help: "Jobs accepted by enqueue; deduplicated=true when an idempotency key answered an existing job.",
      labelNames: ["queue", "name", "deduplicated"],
    }),
  };
}

/** Declares the worker's instruments (or none without a Metrics port). */
export function workerInstruments(metrics: Metrics | undefined): WorkerInstruments | undefined {
  if (metrics === undefined) return undefined;
  return {
    queueJobs: metrics.gauge({
      name: metricNames.queueJobs,
      help: "Jobs in the queue by state (waiting, active, delayed, failed), sampled by workers.",
      labelNames: ["queue", "state"],
    }),
    waitDuration: metrics.histogram({
      name: metricNames.waitDuration,
      help: "Time from when a job was due (enqueue plus delay) to the start of its first attempt, in ms.",
      labelNames: ["queue", "name"],
      buckets: latencyBucketsMs,
    }),
    runDuration: metrics.histogram({
      name: metricNames.runDuration,
      help: "Time a handler took for one attempt, in ms, by outcome.",
      labelNames: ["queue", "name", "outcome"],
      buckets: latencyBucketsMs,
    }),
    attempts: metrics.counter({
      name: metricNames.attempts,
      help: "Attempts started by workers (retries included).",
      labelNames: ["queue", "name"],
    }),
    outcomes: metrics.counter({
      name: metricNames.outcomes,
      help: "Attempt outcomes: completed, retried, dead_lettered (error = the error tag, or none).",
      labelNames: ["queue", "name", "outcome", "error"],
    }),
  };
}
