import { type AppError, type ResultAsync, conflict, err, errAsync, ok, safeTry } from "@hexkit/core";
import type { Page } from "../../domain/pagination.js";
import type { FailedFilter } from "../../adapters/delivery-repository.port.js";
import type { UseCaseDeps } from "../deps.js";
import { deliveryStatusView, type DeliveryStatusView } from "../messages/read-messages.js";
import { type PageInput, toPageRequest } from "../pagination-input.js";
import { makeRestartDelivery } from "./enqueue-delivery.js";

/** A dead letter: a delivery that failed for good, with its message. */
export interface DeadLetterView extends DeliveryStatusView {
  readonly messageId: string;
  readonly eventType: string;
}

/** The tenant's dead letters (failed deliveries), newest failure first. */
export const makeListDeadLetters =
  (deps: Pick<UseCaseDeps, "deliveries">) =>
  (tenantId: string, filter: FailedFilter, page: PageInput): ResultAsync<Page<DeadLetterView>, AppError> => {
    const request = toPageRequest(page);
    if (request.isErr()) return errAsync(request.error);
    return deps.deliveries.listFailed(tenantId, filter, request.value).map((p) => ({
      data: p.data.map((d) => ({ ...deliveryStatusView(d), messageId: d.messageId, eventType: d.eventType })),
      nextCursor: p.nextCursor,
    }));
  };

/** Sends a dead letter again with a fresh schedule; `Conflict` when it is not failed. */
export const makeReplayDeadLetter = (deps: Pick<UseCaseDeps, "deliveries" | "queue" | "clock" | "carrier">) => {
  const restartDelivery = makeRestartDelivery(deps);
  return (tenantId: string, deliveryId: string): ResultAsync<DeliveryStatusView, AppError> =>
    safeTry(async function* () {
      const delivery = yield* deps.deliveries.get(tenantId, deliveryId);
      if (delivery.status !== "failed") return err(conflict(`Delivery ${deliveryId} is ${delivery.status}, not failed`));
      return ok(deliveryStatusView(yield* restartDelivery(tenantId, deliveryId)));
    });
};
