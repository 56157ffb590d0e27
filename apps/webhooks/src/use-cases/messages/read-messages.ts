import { type AppError, type ResultAsync, errAsync, ok, safeTry } from "@hexkit/core";
import type { Attempt, Delivery } from "../../domain/delivery.js";
import { messageView, type MessageView } from "../../domain/message.js";
import type { Page } from "../../domain/pagination.js";
import type { MessageFilter } from "../../adapters/message-repository.port.js";
import type { UseCaseDeps } from "../deps.js";
import { type PageInput, toPageRequest } from "../pagination-input.js";

/** A message with where each of its deliveries stands. */
export interface MessageWithDeliveries extends MessageView {
  readonly deliveries: readonly DeliveryStatusView[];
}

/** One endpoint's delivery of a message, as clients see it. */
export type DeliveryStatusView = Pick<
  Delivery,
  "id" | "endpointId" | "status" | "attempts" | "nextAttemptAt" | "lastAttemptAt" | "failureReason" | "createdAt" | "updatedAt"
>;

/** Picks the client-facing fields of a delivery. */
export const deliveryStatusView = (d: Delivery): DeliveryStatusView => ({
  id: d.id,
  endpointId: d.endpointId,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt,
  lastAttemptAt: d.lastAttemptAt,
  failureReason: d.failureReason,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

/** The tenant's messages, newest first, filtered by event type and creation time. */
export const makeListMessages =
  (deps: Pick<UseCaseDeps, "messages">) =>
  (tenantId: string, filter: MessageFilter, page: PageInput): ResultAsync<Page<MessageView>, AppError> => {
    const request = toPageRequest(page);
    if (request.isErr()) return errAsync(request.error);
    return deps.messages.list(tenantId, filter, request.value).map((p) => ({ data: p.data.map(messageView), nextCursor: p.nextCursor }));
  };

/** One message with each endpoint's delivery status; another tenant's is `NotFound`. */
export const makeGetMessage =
  (deps: Pick<UseCaseDeps, "messages" | "deliveries">) =>
  (tenantId: string, id: string): ResultAsync<MessageWithDeliveries, AppError> =>
    safeTry(async function* () {
      const message = yield* deps.messages.get(tenantId, id);
      const deliveries = yield* deps.deliveries.listByMessage(tenantId, id);
      return ok({ ...messageView(message), deliveries: deliveries.map(deliveryStatusView) });
    });

/** A message's attempts, newest first, optionally for one endpoint. */
export const makeListAttempts =
  (deps: Pick<UseCaseDeps, "messages" | "deliveries">) =>
  (tenantId: string, messageId: string, filter: { readonly endpointId?: string }, page: PageInput): ResultAsync<Page<Attempt>, AppError> =>
    safeTry(async function* () {
      const request = yield* toPageRequest(page);
      yield* deps.messages.get(tenantId, messageId);
      return ok(yield* deps.deliveries.listAttempts(tenantId, messageId, filter, request));
    });
