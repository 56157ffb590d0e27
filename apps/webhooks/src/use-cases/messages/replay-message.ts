import { type AppError, type ResultAsync, ok, safeTry } from "@hexkit/core";
import { newDelivery } from "../../domain/delivery.js";
import type { UseCaseDeps } from "../deps.js";
import { makeEnqueueDelivery, makeRestartDelivery } from "../deliveries/enqueue-delivery.js";
import { deliveryStatusView, type DeliveryStatusView } from "./read-messages.js";

/**
 * Sends a message again, now, with a fresh retry schedule: to one endpoint
 * (`endpointId`), or to every endpoint it was delivered to. Replaying to an
 * endpoint that never got the message (subscribed later) creates its delivery.
 * The `webhook-id` stays the message id, so receivers can still deduplicate.
 */
export const makeReplayMessage = (
  deps: Pick<UseCaseDeps, "messages" | "endpoints" | "deliveries" | "queue" | "clock" | "ids" | "carrier">,
) => {
  const restartDelivery = makeRestartDelivery(deps);
  const enqueue = makeEnqueueDelivery(deps);
  return (tenantId: string, messageId: string, endpointId?: string): ResultAsync<readonly DeliveryStatusView[], AppError> =>
    safeTry(async function* () {
      const message = yield* deps.messages.get(tenantId, messageId);
      const existing = yield* deps.deliveries.listByMessage(tenantId, messageId);
      const chosen = endpointId === undefined ? existing : existing.filter((d) => d.endpointId === endpointId);
      if (endpointId !== undefined && chosen.length === 0) {
        const endpoint = yield* deps.endpoints.get(tenantId, endpointId);
        const created = newDelivery({ id: deps.ids.next("dlv"), tenantId, messageId, endpointId: endpoint.id, eventType: message.eventType, now: deps.clock.now() });
        yield* deps.deliveries.insertMany([created]);
        yield* enqueue(created);
        return ok([deliveryStatusView(created)]);
      }
      const restarted = [];
      for (const d of chosen) restarted.push(deliveryStatusView(yield* restartDelivery(tenantId, d.id)));
      return ok(restarted);
    });
};
