/**
 * The job the delivery worker runs: one attempt of one delivery. `seq` must
 * equal the delivery's `seq` or the job is stale (the queue is at-least-once,
 * and replays reschedule), and it does nothing.
 */
export interface DeliverJob {
  readonly tenantId: string;
  readonly deliveryId: string;
  readonly seq: number;
}

/** The app's job map for the `JobQueue` port. */
export type DeliveryJobs = {
  readonly deliver: DeliverJob;
};

/** The key that makes enqueueing a delivery's job idempotent. */
export const deliverJobKey = (job: DeliverJob): string => `deliver:${job.deliveryId}:${job.seq}`;
