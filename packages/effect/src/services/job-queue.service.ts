import type {
  DeadLetter,
  EnqueueOptions,
  EnqueuedJob,
  JobMap,
  JobQueue,
  JobQueueError,
  JobRequest,
  NotFound,
  QueueCounts,
  Timeout,
  Unavailable,
} from "@hexkit/core";
import type { Effect } from "effect";
import { fromResultAsync } from "../conversions/from-result.js";
import { PortService, type PortServiceClass } from "../port-service.js";
import { serviceToPort } from "./service-to-port.js";

/** The `JobQueue` port as Effect methods, typed by the job map, with the port's typed errors. */
export interface JobQueueServiceShape<Jobs extends JobMap> {
  /** Accepts a job durably (per the adapter) or fails; never both. `deduplicated: true` when an idempotency key matched. */
  enqueue<N extends keyof Jobs & string>(name: N, payload: Jobs[N], options?: EnqueueOptions): Effect.Effect<EnqueuedJob, JobQueueError>;
  /** Accepts several jobs; on failure none or some may have been accepted (each is idempotent by key). */
  enqueueMany(requests: readonly JobRequest<Jobs>[]): Effect.Effect<readonly EnqueuedJob[], JobQueueError>;
  /** Dead-lettered jobs, newest first, at most `limit` (default 100). */
  deadLetters(limit?: number): Effect.Effect<readonly DeadLetter[], Unavailable | Timeout>;
  /** Moves a dead-lettered job back to the queue with fresh attempts; `NotFound` for an unknown id. */
  replayDeadLetter(id: string): Effect.Effect<EnqueuedJob, NotFound | Unavailable | Timeout>;
  counts(): Effect.Effect<QueueCounts, Unavailable | Timeout>;
}

/** The service's methods over any `JobQueue` adapter (memory, BullMQ); each run calls the adapter again. */
export function makeJobQueueService<Jobs extends JobMap>(queue: JobQueue<Jobs>): JobQueueServiceShape<Jobs> {
  return {
    enqueue: (name, payload, options) =>
      fromResultAsync(() => (options === undefined ? queue.enqueue(name, payload) : queue.enqueue(name, payload, options))),
    enqueueMany: (requests) => fromResultAsync(() => queue.enqueueMany(requests)),
    deadLetters: (limit) => fromResultAsync(() => (limit === undefined ? queue.deadLetters() : queue.deadLetters(limit))),
    replayDeadLetter: (id) => fromResultAsync(() => queue.replayDeadLetter(id)),
    counts: () => fromResultAsync(() => queue.counts()),
  };
}

/**
 * A `JobQueue` port over the service, for code written against the port; a
 * defect is `Unavailable` naming `serviceKey`.
 */
export function jobQueueFromService<Jobs extends JobMap>(service: JobQueueServiceShape<Jobs>, serviceKey = "@hexkit/JobQueue"): JobQueue<Jobs> {
  const run = serviceToPort(serviceKey);
  return {
    enqueue: (name, payload, options) => run(options === undefined ? service.enqueue(name, payload) : service.enqueue(name, payload, options)),
    enqueueMany: (requests) => run(service.enqueueMany(requests)),
    deadLetters: (limit) => run(limit === undefined ? service.deadLetters() : service.deadLetters(limit)),
    replayDeadLetter: (id) => run(service.replayDeadLetter(id)),
    counts: () => run(service.counts()),
  };
}

/** What `JobQueueService` makes: a service key over `JobQueue<Jobs>`, with layers and `toPort`. */
export type JobQueueServiceClass<Self, Id extends string, Jobs extends JobMap> = PortServiceClass<
  Self,
  Id,
  JobQueue<Jobs>,
  JobQueueServiceShape<Jobs>
> & {
  /** See `jobQueueFromService`. */
  readonly toPort: (service: JobQueueServiceShape<Jobs>) => JobQueue<Jobs>;
};

/**
 * Declares a job queue service for one job map. The JobQueue port is generic
 * in its jobs, so each queue gets its own service class:
 *
 * ```ts
 * type DeliveryJobs = { deliver: { messageId: string; endpointId: string } };
 * class DeliveryQueue extends JobQueueService<DeliveryQueue, DeliveryJobs>()("@app/DeliveryQueue") {}
 * const live = DeliveryQueue.layerScoped(() => createMemoryJobQueue<DeliveryJobs>({ clock }));
 * ```
 */
export function JobQueueService<Self, Jobs extends JobMap>(): <const Id extends string>(id: Id) => JobQueueServiceClass<Self, Id, Jobs> {
  return (id) =>
    Object.assign(PortService<Self, JobQueue<Jobs>, JobQueueServiceShape<Jobs>>()(id, makeJobQueueService), {
      toPort: (service: JobQueueServiceShape<Jobs>) => jobQueueFromService(service, id),
    });
}
