/**
 * @hexkit/bullmq — the `JobQueue` and `Worker` ports on BullMQ 6 with its
 * Redis backend: typed jobs (zod), Results as outcomes, retries on core's
 * retry policy, dead letters with replay, idempotency keys with a documented
 * window, graceful stop and stalled-job recovery.
 */
export { defineJobs, type JobRegistry, type JobSchemas, type JobsOf } from "./job-registry.js";
export { createBullmqQueue, type BullmqJobQueue, type BullmqQueueDeps } from "./queue.js";
export {
  createBullmqWorker,
  type BullmqWorker,
  type BullmqWorkerDeps,
  type BullmqWorkerInput,
  type BullmqStandaloneWorkerInput,
} from "./worker.js";
export { BullmqQueueOptions, BullmqWorkerOptions, BullmqStandaloneWorkerOptions, BullmqConnectionOptions } from "./options.js";
export { metricNames } from "./metrics.js";
