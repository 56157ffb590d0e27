import { type AppError, conflict, err, errAsync, ok, payloadTooLarge, type Result, ResultAsync } from "@hexkit/core";
import { newDelivery } from "../../domain/delivery.js";
import type { Message, MessageView } from "../../domain/message.js";
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
 * and must fit `maxPayloadBytes`; the answer's `payload` is the input's
 * (whose JSON is the stored body), not a parse of the body.
 *
 * Idempotent by `idempotencyKey` per tenant: a repeat with the same event type
 * and payload answers the first message (`created: false`) and sends nothing
 * again; a repeat with a different one is a `Conflict`.
 */
export const makeCreateMessage = (
  deps: Pick<UseCaseDeps, "intake" | "endpoints" | "deliveries" | "clock" | "ids" | "settings">,
) => {
  /**
   * A plain async function awaiting each port's Result: every ingest request
   * runs it, and a `safeTry` generator costs several µs per `yield*` in
   * neverthrow 8's down-levelled build under the AsyncLocalStorage hook.
   */
  const accept = async (input: CreateMessageInput, candidate: Message): Promise<Result<AcceptedMessage, AppError>> => {
    const targets = await deps.endpoints.listSubscribed(input.tenantId, input.eventType);
    if (targets.isErr()) return err(targets.error);
    const deliveries = targets.value.map((endpoint) =>
      newDelivery({ id: deps.ids.next("dlv"), tenantId: input.tenantId, messageId: candidate.id, endpointId: endpoint.id, eventType: candidate.eventType, now: candidate.createdAt }),
    );
    const inserted = await deps.intake.accept(candidate, deliveries);
    if (inserted.isErr()) return err(inserted.error);
    const message = inserted.value.message;
    if (inserted.value.created) return ok({ message: viewOf(message, input.payload), deliveries: deliveries.length, created: true });
    if (message.eventType !== candidate.eventType || message.body !== candidate.body) {
      return err(conflict("This Idempotency-Key was used with a different event type or payload"));
    }
    const earlier = await deps.deliveries.listByMessage(message.tenantId, message.id);
    if (earlier.isErr()) return err(earlier.error);
    return ok({ message: viewOf(message, input.payload), deliveries: earlier.value.length, created: false });
  };

  return (input: CreateMessageInput): ResultAsync<AcceptedMessage, AppError> => {
    const body = JSON.stringify(input.payload);
    const limit = deps.settings.maxPayloadBytes;
    // A UTF-16 unit is at most 3 UTF-8 bytes, so a body with length * 3 <= limit fits: count bytes only when it might not.
    if (body.length * 3 > limit && Buffer.byteLength(body) > limit) return errAsync(payloadTooLarge(limit));
    const candidate: Message = {
      id: deps.ids.next("msg"),
      tenantId: input.tenantId,
      eventType: input.eventType,
      body,
      idempotencyKey: input.idempotencyKey ?? null,
      createdAt: deps.clock.now(),
    };
    return new ResultAsync(accept(input, candidate));
  };
};

/** The client's view of a stored message whose body is `payload`'s JSON: the payload is answered as given, not parsed back. */
function viewOf(message: Message, payload: unknown): MessageView {
  return { id: message.id, eventType: message.eventType, payload, idempotencyKey: message.idempotencyKey, createdAt: message.createdAt };
}
