import { type AppError, type ResultAsync, conflict, err, ok, payloadTooLarge, safeTry } from "@hexkit/core";
import { newDelivery } from "../../domain/delivery.js";
import { type Message, messageView, type MessageView } from "../../domain/message.js";
import type { UseCaseDeps } from "../deps.js";

export interface CreateMessageInput {
  readonly tenantId: string;
  readonly eventType: string;
  /** Any JSON value; sent as the request body. */
  readonly payload: unknown;
  readonly idempotencyKey?: string | undefined;
}

/** The accepted message, how many endpoints it goes to, and whether it was new (false on an idempotent repeat). */
export interface AcceptedMessage {
  readonly message: MessageView;
  readonly deliveries: number;
  readonly created: boolean;
}

/**
 * Accepts a message and fans it out: one delivery per enabled endpoint
 * subscribed to its event type. The message, its deliveries and their
 * hand-off to the queue land together through the `MessageIntake` port, so
 * an `Ok` (the API's 202) means every delivery will be attempted (at least
 * once), even if the process dies right after. The body is serialised once,
 * and must fit `maxPayloadBytes`.
 *
 * Idempotent by `idempotencyKey` per tenant: a repeat with the same event type
 * and payload answers the first message (`created: false`) and sends nothing
 * again; a repeat with a different one is a `Conflict`.
 */
export const makeCreateMessage = (
  deps: Pick<UseCaseDeps, "intake" | "endpoints" | "deliveries" | "clock" | "ids" | "settings">,
) => {
  return (input: CreateMessageInput): ResultAsync<AcceptedMessage, AppError> =>
    safeTry(async function* () {
      const body = JSON.stringify(input.payload);
      const limit = deps.settings.maxPayloadBytes;
      if (Buffer.byteLength(body) > limit) return err(payloadTooLarge(limit));
      const now = deps.clock.now();
      const candidate: Message = {
        id: deps.ids.next("msg"),
        tenantId: input.tenantId,
        eventType: input.eventType,
        body,
        idempotencyKey: input.idempotencyKey ?? null,
        createdAt: now,
      };
      const targets = yield* deps.endpoints.listSubscribed(input.tenantId, input.eventType);
      const deliveries = targets.map((endpoint) =>
        newDelivery({ id: deps.ids.next("dlv"), tenantId: input.tenantId, messageId: candidate.id, endpointId: endpoint.id, eventType: candidate.eventType, now }),
      );
      const inserted = yield* deps.intake.accept(candidate, deliveries);
      const message = inserted.message;
      if (!inserted.created) {
        if (message.eventType !== candidate.eventType || message.body !== candidate.body) {
          return err(conflict("This Idempotency-Key was used with a different event type or payload"));
        }
        const earlier = yield* deps.deliveries.listByMessage(message.tenantId, message.id);
        return ok({ message: messageView(message), deliveries: earlier.length, created: false });
      }
      return ok({ message: messageView(message), deliveries: deliveries.length, created: true });
    });
};
