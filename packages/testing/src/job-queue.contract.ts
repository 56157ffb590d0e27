import { describe } from "vitest";
import { useJobQueueContext } from "./job-queue-contract/context.js";
import { countsGuarantees } from "./job-queue-contract/counts.js";
import { deadLetterGuarantees } from "./job-queue-contract/dead-letters.js";
import { enqueueGuarantees } from "./job-queue-contract/enqueue.js";
import { gracefulStopGuarantees } from "./job-queue-contract/graceful-stop.js";
import { idempotencyGuarantees } from "./job-queue-contract/idempotency.js";
import { retryGuarantees } from "./job-queue-contract/retries.js";
import { schedulingGuarantees } from "./job-queue-contract/scheduling.js";
import type { JobQueueContractSetup } from "./job-queue-contract/subject.js";
import { workerGuarantees } from "./job-queue-contract/worker.js";

export {
  type ContractJobs,
  type JobQueueContractSetup,
  type JobQueueContractSubject,
  jobQueueContractRetryPolicy,
} from "./job-queue-contract/subject.js";

/**
 * The JobQueue + Worker ports' specification, as tests. Delivery is
 * at-least-once, so the suite checks that every job is handled, not that it is
 * handled only once, except where the port promises it (deduplication).
 *
 * Guarantees checked: a job is handled with its payload and carrier; attempts
 * are counted 1..n; a transient error is retried and may then succeed; a
 * permanent error dead-letters at once with the error's tag and message; a job
 * dead-letters after its last attempt; `RateLimited` waits at least its
 * `retryAfterMs`; a delayed job does not run before its delay; priorities
 * order ready jobs; idempotency keys deduplicate; `enqueueMany`; `stop()`
 * drains in-flight jobs and takes no new ones; jobs left at stop (waiting, or
 * abandoned at the deadline) are handled by a later worker; a dead letter can
 * be replayed; `counts()`; a throwing handler is `Internal` and the worker
 * keeps going; a worker never runs more than `concurrency` handlers at once.
 *
 * Time passes through `harness.advance`, in small steps; delays are 10–400 ms,
 * so a real backend (BullMQ on Redis) passes in real time.
 */
export function jobQueueContract(adapterName: string, setup: JobQueueContractSetup): void {
  describe(`JobQueue contract: ${adapterName}`, () => {
    // One harness for all groups; each group registers its tests in this one
    // describe, so test names are "JobQueue contract: <adapter> > <test>".
    const ctx = useJobQueueContext(setup);
    enqueueGuarantees(ctx);
    retryGuarantees(ctx);
    schedulingGuarantees(ctx);
    idempotencyGuarantees(ctx);
    gracefulStopGuarantees(ctx);
    deadLetterGuarantees(ctx);
    countsGuarantees(ctx);
    workerGuarantees(ctx);
  });
}
