/**
 * A delivery is one message on its way to one endpoint; an attempt is one
 * HTTP request of it. A delivery is `pending` until it succeeds or fails for
 * good (`failed` deliveries are the dead-letter list and can be replayed).
 */
export type DeliveryStatus = "pending" | "succeeded" | "failed";

export interface Delivery {
  readonly id: string;
  readonly tenantId: string;
  readonly messageId: string;
  readonly endpointId: string;
  readonly eventType: string;
  readonly status: DeliveryStatus;
  /** Attempts made in all, across replays. */
  readonly attempts: number;
  /** Attempts made since the delivery was (re)started: drives the retry schedule. */
  readonly roundAttempts: number;
  /**
   * Bumped whenever a job is scheduled for this delivery. A job carries the
   * value it was scheduled with, so a stale or duplicate job (at-least-once
   * queues) sees a different value and does nothing.
   */
  readonly seq: number;
  readonly nextAttemptAt: number | null;
  readonly lastAttemptAt: number | null;
  /** Why the delivery failed for good (`null` unless `failed`). */
  readonly failureReason: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The result of one attempt. */
export interface Attempt {
  readonly id: string;
  readonly tenantId: string;
  readonly deliveryId: string;
  readonly messageId: string;
  readonly endpointId: string;
  readonly url: string;
  /** Epoch ms when the request started. */
  readonly at: number;
  readonly durationMs: number;
  readonly succeeded: boolean;
  /** The response status, or `null` when no response arrived (timeout, network, egress refusal). */
  readonly statusCode: number | null;
  /** What went wrong, for people; `null` on success. */
  readonly error: string | null;
  /** The start of the response body, capped, as text. */
  readonly responseSnippet: string | null;
}

/** A new pending delivery, due at `now`. */
export function newDelivery(input: {
  id: string;
  tenantId: string;
  messageId: string;
  endpointId: string;
  eventType: string;
  now: number;
}): Delivery {
  const { now, ...ids } = input;
  return {
    ...ids,
    status: "pending",
    attempts: 0,
    roundAttempts: 0,
    seq: 1,
    nextAttemptAt: now,
    lastAttemptAt: null,
    failureReason: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** The delivery after an attempt at `at` (counted, not yet decided). */
export function countAttempt(delivery: Delivery, at: number): Delivery {
  return { ...delivery, attempts: delivery.attempts + 1, roundAttempts: delivery.roundAttempts + 1, lastAttemptAt: at, updatedAt: at };
}

/** The delivery succeeded. */
export function markSucceeded(delivery: Delivery, now: number): Delivery {
  return { ...delivery, status: "succeeded", nextAttemptAt: null, failureReason: null, updatedAt: now };
}

/** The delivery failed for good (dead-lettered) because of `reason`. */
export function markFailed(delivery: Delivery, reason: string, now: number): Delivery {
  return { ...delivery, status: "failed", nextAttemptAt: null, failureReason: reason, updatedAt: now };
}

/** The delivery waits until `at` for its next try; bumps `seq` for the job that will run it. */
export function scheduleNext(delivery: Delivery, at: number, now: number): Delivery {
  return { ...delivery, status: "pending", nextAttemptAt: at, seq: delivery.seq + 1, updatedAt: now };
}

/** The delivery starts a new round of the schedule at `now` (replay, recover, dead-letter replay). */
export function restart(delivery: Delivery, now: number): Delivery {
  return { ...scheduleNext(delivery, now, now), roundAttempts: 0, failureReason: null };
}
