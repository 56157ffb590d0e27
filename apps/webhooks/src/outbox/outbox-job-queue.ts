import { type Clock, type EnqueuedJob, type JobQueue, okAsync, ResultAsync } from "@hexkit/core";
import { deliverJobKey, type DeliveryJobs } from "../adapters/delivery-jobs.js";
import { addOutbox } from "../adapters/postgres/pg-outbox.js";
import type { PgDatabase } from "../adapters/postgres/pg-database.js";

/**
 * The `JobQueue` the use cases see when the record is in PostgreSQL:
 * `enqueue` writes an outbox row (idempotent on (delivery, seq)), and the
 * relay moves it to the real queue. Its `Ok` therefore means "durable in
 * PostgreSQL", the same guarantee as the delivery it schedules. In practice
 * the repository has already written that row in the delivery's own
 * transaction, so this insert is a cheap no-op that answers
 * `deduplicated: true`. Dead letters and counts are the real queue's.
 */
export function createOutboxJobQueue(
  db: PgDatabase,
  inner: Pick<JobQueue<DeliveryJobs>, "deadLetters" | "replayDeadLetter" | "counts">,
  deps: { readonly clock: Pick<Clock, "now"> },
): JobQueue<DeliveryJobs> {
  const add: JobQueue<DeliveryJobs>["enqueue"] = (name, payload, options) => {
    const now = deps.clock.now();
    const entry = { ...payload, dueAt: now + Math.max(0, options?.delayMs ?? 0), carrier: options?.carrier ?? {} };
    return addOutbox(db, entry, now).map((added): EnqueuedJob => ({ id: deliverJobKey(payload), name, deduplicated: !added }));
  };
  return {
    enqueue: add,
    enqueueMany: (requests) =>
      requests.length === 0
        ? okAsync([])
        : ResultAsync.combine(requests.map((r) => add(r.name, r.payload, r.options))).map((jobs): readonly EnqueuedJob[] => jobs),
    deadLetters: (limit) => inner.deadLetters(limit),
    replayDeadLetter: (id) => inner.replayDeadLetter(id),
    counts: () => inner.counts(),
  };
}
