import type { AppError, ResultAsync } from "@hexkit/core";
import { okAsync } from "@hexkit/core";
import type { Delivery } from "../../domain/delivery.js";
import { restart } from "../../domain/delivery.js";
import { deliverJobKey } from "../../adapters/delivery-jobs.js";
import type { UseCaseDeps } from "../deps.js";

/**
 * Puts a job on the queue for the delivery's current `seq`, due at its
 * `nextAttemptAt`. Idempotent: the job key is (delivery, seq).
 */
export const makeEnqueueDelivery =
  (deps: Pick<UseCaseDeps, "queue" | "clock" | "carrier">) =>
  (delivery: Delivery): ResultAsync<void, AppError> => {
    const delayMs = Math.max(0, (delivery.nextAttemptAt ?? 0) - deps.clock.now());
    const job = { tenantId: delivery.tenantId, deliveryId: delivery.id, seq: delivery.seq };
    return deps.queue
      .enqueue("deliver", job, { delayMs, idempotencyKey: deliverJobKey(job), carrier: deps.carrier() })
      .map(() => undefined);
  };

/**
 * Starts a delivery over: a fresh round of the retry schedule, due now
 * (replay, recover, dead-letter replay). Jobs of its earlier round become stale.
 */
export const makeRestartDelivery = (deps: Pick<UseCaseDeps, "deliveries" | "queue" | "clock" | "carrier">) => {
  const enqueue = makeEnqueueDelivery(deps);
  return (tenantId: string, deliveryId: string): ResultAsync<Delivery, AppError> =>
    deps.deliveries
      .update(tenantId, deliveryId, (d) => restart(d, deps.clock.now()))
      .andThen((d) => enqueue(d).andThen(() => okAsync(d)));
};
