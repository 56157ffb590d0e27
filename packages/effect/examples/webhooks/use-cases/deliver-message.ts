import type { Job } from "@hexkit/core";
import { Effect } from "effect";
import { ClockService } from "@hexkit/effect";
import { type DeliveryJobs, EndpointRepository, MessageRepository, WebhookSender } from "../services.js";
import { sign } from "../signature.js";

/**
 * The delivery worker's handler: loads the message and the endpoint, signs
 * the body (Standard Webhooks headers) and sends it. Idempotent for the
 * receiver: every attempt carries the same `webhook-id`.
 *
 * A send's transient error (`Unavailable`, `Timeout`, `RateLimited`) makes the
 * queue retry; `NotFound` (the endpoint was removed) or a permanent send error
 * dead-letters the job at once.
 */
export const deliverMessage = Effect.fn("deliverMessage")(function* (job: Job<"deliver", DeliveryJobs["deliver"]>) {
  const { tenantId, messageId, endpointId } = job.payload;
  const message = yield* (yield* MessageRepository).get(tenantId, messageId);
  const endpoint = yield* (yield* EndpointRepository).get(tenantId, endpointId);

  const body = JSON.stringify({ type: message.eventType, timestamp: new Date(message.createdAt).toISOString(), data: message.payload });
  const timestamp = Math.floor((yield* (yield* ClockService).now) / 1000);
  yield* (yield* WebhookSender).send({
    url: endpoint.url,
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": message.id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": sign(endpoint.secret, message.id, timestamp, body),
    },
  });
  yield* Effect.logInfo("delivered").pipe(Effect.annotateLogs({ tenantId, messageId, endpointId, attempt: job.attempt }));
});
