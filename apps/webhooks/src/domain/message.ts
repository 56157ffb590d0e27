/**
 * A message: one event a tenant sends, fanned out to every subscribed
 * endpoint. The body is serialised once at creation, so every attempt and
 * every retry signs and sends the same bytes.
 */
export interface Message {
  readonly id: string;
  readonly tenantId: string;
  readonly eventType: string;
  /** The JSON body exactly as delivered. */
  readonly body: string;
  /** The client's `Idempotency-Key`, if it sent one. */
  readonly idempotencyKey: string | null;
  readonly createdAt: number;
}

/** Event types: dotted names of letters, digits, `_`, `-`, `.` (e.g. `invoice.paid`), 1–128 characters. */
export const eventTypePattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** What an API client sees: the payload parsed back from the stored body. */
export interface MessageView {
  readonly id: string;
  readonly eventType: string;
  readonly payload: unknown;
  readonly idempotencyKey: string | null;
  readonly createdAt: number;
}

/** The client's view of a message. The body was serialised by us, so it always parses. */
export function messageView(message: Message): MessageView {
  return {
    id: message.id,
    eventType: message.eventType,
    payload: JSON.parse(message.body) as unknown,
    idempotencyKey: message.idempotencyKey,
    createdAt: message.createdAt,
  };
}
