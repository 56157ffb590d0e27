import type { JobHandlers, JobQueue, RetryPolicy, Worker, WorkerOptions } from "@hexkit/core";
import type { ContractHarness } from "../harness.js";

/** The job map the job-queue contract enqueues: two names so dispatch by name is checked. */
export type ContractJobs = {
  readonly work: { readonly n: number };
  readonly other: { readonly text: string };
};

/** What a job-queue adapter's setup provides: a queue, and a way to start workers on it. */
export interface JobQueueContractSubject {
  readonly queue: JobQueue<ContractJobs>;
  /**
   * Starts a worker on the same queue. The harness's teardown must stop every
   * worker started here that the test did not stop itself.
   */
  startWorker(handlers: JobHandlers<ContractJobs>, options?: WorkerOptions): Worker;
}

/**
 * The retry policy the contract asks its setup to give the queue (and its
 * `maxAttempts` as the queue's default attempts): short real delays so a real
 * backend passes quickly.
 */
export const jobQueueContractRetryPolicy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 };

/** Builds a fresh, empty queue with `options.retryPolicy`. Called before each test. */
export type JobQueueContractSetup = (options: {
  readonly retryPolicy: RetryPolicy;
}) => Promise<ContractHarness<JobQueueContractSubject>>;
