/**
 * The example's own services: the records (endpoints, messages), the
 * delivery queue and the egress that sends HTTP requests. hexkit's port
 * services (cache, rate limiter, ids, clock, logger) come from @hexkit/effect.
 */
import { type NotFound, type RateLimited, type Timeout, type Unavailable, type ValidationError, notFound } from "@hexkit/core";
import { Context, Effect, Layer } from "effect";
import { JobQueueService } from "@hexkit/effect";
import type { Endpoint, Message } from "./domain.js";

/** Endpoints by tenant. Another tenant's endpoint is `NotFound`. */
export class EndpointRepository extends Context.Service<
  EndpointRepository,
  {
    save(endpoint: Endpoint): Effect.Effect<void>;
    get(tenantId: string, id: string): Effect.Effect<Endpoint, NotFound>;
    listByTenant(tenantId: string): Effect.Effect<readonly Endpoint[]>;
  }
>()("@example/webhooks/EndpointRepository") {
  /** In memory: the embedded default and the test double. */
  static readonly layerMemory: Layer.Layer<EndpointRepository> = Layer.sync(EndpointRepository, () => {
    const rows = new Map<string, Endpoint>();
    return {
      save: (endpoint) => Effect.sync(() => void rows.set(endpoint.id, endpoint)),
      get: (tenantId, id) => {
        const row = rows.get(id);
        return row?.tenantId === tenantId ? Effect.succeed(row) : Effect.fail(notFound("endpoint", id));
      },
      listByTenant: (tenantId) => Effect.sync(() => [...rows.values()].filter((e) => e.tenantId === tenantId)),
    };
  });
}

/** Messages by tenant. Another tenant's message is `NotFound`. */
export class MessageRepository extends Context.Service<
  MessageRepository,
  {
    save(message: Message): Effect.Effect<void>;
    get(tenantId: string, id: string): Effect.Effect<Message, NotFound>;
  }
>()("@example/webhooks/MessageRepository") {
  static readonly layerMemory: Layer.Layer<MessageRepository> = Layer.sync(MessageRepository, () => {
    const rows = new Map<string, Message>();
    return {
      save: (message) => Effect.sync(() => void rows.set(message.id, message)),
      get: (tenantId, id) => {
        const row = rows.get(id);
        return row?.tenantId === tenantId ? Effect.succeed(row) : Effect.fail(notFound("message", id));
      },
    };
  });
}

/** One signed HTTP request to an endpoint. */
export interface Delivery {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What a send can fail with: transient errors are retried by the queue, the rest dead-letter. */
export type SendError = Unavailable | Timeout | RateLimited | ValidationError;

/** Egress: sends one delivery. The real one is an HTTP client; tests record. */
export class WebhookSender extends Context.Service<WebhookSender, { send(delivery: Delivery): Effect.Effect<void, SendError> }>()(
  "@example/webhooks/WebhookSender",
) {}

/** The jobs of the delivery queue: one per message and endpoint. */
export type DeliveryJobs = {
  readonly deliver: { readonly tenantId: string; readonly messageId: string; readonly endpointId: string };
};

/** The delivery queue: hexkit's JobQueue port, typed by `DeliveryJobs`. */
export class DeliveryQueue extends JobQueueService<DeliveryQueue, DeliveryJobs>()("@example/webhooks/DeliveryQueue") {}
