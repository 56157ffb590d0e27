import { payloadTooLarge, rateLimited, validationError } from "@hexkit/core";
import { Effect } from "effect";
import { ClockService, IdGeneratorService, RateLimiterService } from "@hexkit/effect";
import { type Message, type MessageInput, maxPayloadBytes, messageIssues } from "../domain.js";
import { DeliveryQueue, MessageRepository } from "../services.js";
import { subscribedEndpoints } from "./subscribed-endpoints.js";

/** What `sendMessage` answers: the stored message and how many deliveries it fanned out to. */
export interface Accepted {
  readonly message: Message;
  readonly deliveries: number;
}

/**
 * Accepts a message for `tenantId` and fans it out: one `deliver` job per
 * endpoint subscribed to its event type, each with the idempotency key
 * `messageId:endpointId`, so a retried enqueue never delivers twice.
 *
 * Fails with `ValidationError` (bad event type), `PayloadTooLarge` (over
 * `maxPayloadBytes`), `RateLimited` (the tenant's message budget is spent,
 * with `retryAfterMs`), or `Unavailable`/`Timeout` from the rate limiter or
 * the queue. A message with no subscribed endpoint is stored and delivered
 * nowhere.
 */
export const sendMessage = Effect.fn("sendMessage")(function* (tenantId: string, input: MessageInput) {
  const issues = messageIssues(input);
  if (issues.length > 0) return yield* Effect.fail(validationError(issues));
  if (Buffer.byteLength(JSON.stringify(input.payload)) > maxPayloadBytes) return yield* Effect.fail(payloadTooLarge(maxPayloadBytes));

  const decision = yield* (yield* RateLimiterService).consume(`messages:${tenantId}`);
  if (!decision.allowed) return yield* Effect.fail(rateLimited(decision.retryAfterMs));

  const message: Message = {
    id: yield* (yield* IdGeneratorService).next("msg"),
    tenantId,
    eventType: input.eventType,
    payload: input.payload,
    createdAt: yield* (yield* ClockService).now,
  };
  yield* (yield* MessageRepository).save(message);

  const endpoints = yield* subscribedEndpoints(tenantId, input.eventType);
  const jobs = yield* (yield* DeliveryQueue).enqueueMany(
    endpoints.map((endpoint) => ({
      name: "deliver" as const,
      payload: { tenantId, messageId: message.id, endpointId: endpoint.id },
      options: { idempotencyKey: `${message.id}:${endpoint.id}` },
    })),
  );
  yield* Effect.logInfo("message accepted").pipe(Effect.annotateLogs({ tenantId, messageId: message.id, deliveries: jobs.length }));
  return { message, deliveries: jobs.length } satisfies Accepted;
});
