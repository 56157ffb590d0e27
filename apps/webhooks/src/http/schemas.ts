import { z } from "zod";
import { eventTypePattern } from "../domain/message.js";

/**
 * The API's wire shapes. Request schemas validate input (every issue is a
 * 422 problem); response schemas document answers in the OpenAPI document.
 * Times are epoch ms.
 */
const id = z.string().min(1).max(64);
export const EventType = z.string().regex(eventTypePattern, "letters, digits, '_', '-' and '.', up to 128 characters");
const Metadata = z.record(z.string().max(64), z.string().max(1024)).refine((m) => Object.keys(m).length <= 32, "at most 32 entries");
const Secret = z.string().regex(/^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/, "a whsec_ secret of 24 to 64 base64 bytes");

/** A point in time in a query: epoch ms or an ISO 8601 date-time. */
export const Instant = z.union([
  z.coerce.number().int().nonnegative(),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
]);

export const IdParams = z.object({ id });
export const PageQuery = z.object({ limit: z.coerce.number().int().min(1).max(250).optional(), cursor: z.string().max(512).optional() });

export const EndpointFieldsBody = z
  .object({
    url: z.string().max(2048),
    description: z.string().max(1024),
    eventTypes: z.array(EventType).max(256).nullable(),
    rateLimitPerSecond: z.number().int().min(1).max(10_000).nullable(),
    metadata: Metadata,
    disabled: z.boolean(),
  })
  .partial()
  .strict();

export const CreateEndpointBody = EndpointFieldsBody.extend({ url: z.string().max(2048), secret: Secret.optional() }).strict();
export const RotateSecretBody = z.object({ secret: Secret.optional() }).strict().default({});

export const Endpoint = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()).readonly().nullable(),
  disabled: z.boolean(),
  disabledReason: z.enum(["manual", "gone", "failing"]).nullable(),
  rateLimitPerSecond: z.number().nullable(),
  metadata: z.record(z.string(), z.string()),
  failingSince: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export const CreatedEndpoint = z.object({ endpoint: Endpoint, secret: z.string() });
export const SecretAnswer = z.object({ secret: z.string() });

export const CreateMessageBody = z.object({ eventType: EventType, payload: z.unknown().refine((p) => p !== undefined, "required") }).strict();
export const IdempotencyHeaders = z.object({ "idempotency-key": z.string().min(1).max(256).optional() });
export const MessageQuery = PageQuery.extend({ eventType: EventType.optional(), since: Instant.optional(), until: Instant.optional() });

export const DeliveryStatus = z.object({
  id: z.string(),
  endpointId: z.string(),
  status: z.enum(["pending", "succeeded", "failed"]),
  attempts: z.number(),
  nextAttemptAt: z.number().nullable(),
  lastAttemptAt: z.number().nullable(),
  failureReason: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export const Message = z.object({ id: z.string(), eventType: z.string(), payload: z.unknown(), idempotencyKey: z.string().nullable(), createdAt: z.number() });
export const MessageWithDeliveries = Message.extend({ deliveries: z.array(DeliveryStatus).readonly() });
export const AcceptedMessage = z.object({ message: Message, deliveries: z.number(), created: z.boolean() });

export const Attempt = z.object({
  id: z.string(),
  deliveryId: z.string(),
  messageId: z.string(),
  endpointId: z.string(),
  url: z.string(),
  at: z.number(),
  durationMs: z.number(),
  succeeded: z.boolean(),
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
  responseSnippet: z.string().nullable(),
});
export const AttemptQuery = PageQuery.extend({ endpointId: id.optional() });
export const ReplayBody = z.object({ endpointId: id.optional() }).strict().default({});
export const Replayed = z.object({ deliveries: z.array(DeliveryStatus).readonly() });
export const RecoverBody = z.object({ since: Instant }).strict();
export const Recovered = z.object({ recovered: z.number() });
export const DeadLetter = DeliveryStatus.extend({ messageId: z.string(), eventType: z.string() });
export const DeadLetterQuery = PageQuery.extend({ endpointId: id.optional(), since: Instant.optional() });

/** A page of `item`s and the cursor of the next page (`null` on the last). */
export const pageOf = <T extends z.ZodType>(item: T): z.ZodObject<{ data: z.ZodReadonly<z.ZodArray<T>>; nextCursor: z.ZodNullable<z.ZodString> }> =>
  z.object({ data: z.array(item).readonly(), nextCursor: z.string().nullable() });
