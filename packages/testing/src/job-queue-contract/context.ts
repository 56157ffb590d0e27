/**
 * What every group of the job-queue contract shares inside the one describe
 * block: the current test's harness and short ways to enqueue, start workers
 * and wait for the queue to reach a state. Internal to the suite.
 */
import type { JobHandlers, JobQueue, RetryPolicy, Worker, WorkerOptions } from "@hexkit/core";
import { type ContractHarness, eventually, useHarness } from "../harness.js";
import {
  type ContractJobs,
  type JobQueueContractSetup,
  type JobQueueContractSubject,
  jobQueueContractRetryPolicy,
} from "./subject.js";

/** The four counts the suite compares; extra fields an adapter reports are ignored. */
export interface QueueCounts {
  readonly waiting: number;
  readonly delayed: number;
  readonly active: number;
  readonly deadLettered: number;
}

/** The counts of an empty queue with no worker busy. */
export const idle: QueueCounts = { waiting: 0, delayed: 0, active: 0, deadLettered: 0 };

/** The current test's queue and the helpers every group uses. */
export interface JobQueueContractContext {
  readonly retryPolicy: RetryPolicy;
  readonly harness: () => ContractHarness<JobQueueContractSubject>;
  readonly queue: () => JobQueue<ContractJobs>;
  /** Starts a worker; the harness's teardown stops it if the test does not. */
  readonly start: (handlers: JobHandlers<ContractJobs>, options?: WorkerOptions) => Worker;
  /** Advances time in small steps until `condition` holds; fails after `timeoutMs` of advanced time. */
  readonly until: (condition: () => boolean | Promise<boolean>, what: string, timeoutMs?: number) => Promise<number>;
  /** Advances time until the queue's four counts equal `expected` (default: idle). */
  readonly settled: (expected?: QueueCounts) => Promise<number>;
}

/**
 * Registers the harness (beforeEach/afterEach) in the current describe block
 * and returns the helpers bound to it. Call once, inside the contract's describe.
 */
export function useJobQueueContext(setup: JobQueueContractSetup): JobQueueContractContext {
  const retryPolicy = jobQueueContractRetryPolicy;
  const harness = useHarness(() => setup({ retryPolicy }));
  const queue = (): JobQueue<ContractJobs> => harness().subject.queue;
  const start = (handlers: JobHandlers<ContractJobs>, options?: WorkerOptions): Worker =>
    harness().subject.startWorker(handlers, options);
  const until = (condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<number> =>
    eventually((ms) => harness().advance(ms), condition, { what, timeoutMs });
  const counts = async (): Promise<unknown> => (await queue().counts())._unsafeUnwrap();
  // Key order and extra fields do not matter: compare the four counts only.
  const settled = (expected: QueueCounts = idle): Promise<number> =>
    until(async () => {
      const c = (await counts()) as QueueCounts;
      return (Object.keys(idle) as (keyof QueueCounts)[]).every((k) => c[k] === expected[k]);
    }, `counts ${JSON.stringify(expected)}`);
  return { retryPolicy, harness, queue, start, until, settled };
}
