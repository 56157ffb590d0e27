import type { Clock, IdGenerator, JobQueue } from "@hexkit/core";
import type { DeliveryPolicy } from "../domain/delivery-policy.js";
import type { BreakerStore } from "../adapters/breaker-store.port.js";
import type { DeliveryJobs } from "../adapters/delivery-jobs.js";
import type { DeliveryRepository } from "../adapters/delivery-repository.port.js";
import type { EgressGuard, WebhookSender } from "../adapters/egress.port.js";
import type { EndpointRepository } from "../adapters/endpoint-repository.port.js";
import type { MessageRepository } from "../adapters/message-repository.port.js";
import type { SecretGenerator } from "../adapters/secret-generator.port.js";
import type { MessageIntake } from "../outbox/message-intake.port.js";
import type { RateLimiter } from "@hexkit/core";

/**
 * Everything a use case may ask for: ports only, never adapters. Each use
 * case names the few it needs with `Pick`, so tests pass only those.
 */
export interface UseCaseDeps {
  readonly endpoints: EndpointRepository;
  /** What the worker reads endpoints through (cache-aside over `endpoints`). */
  readonly endpointReader: Pick<EndpointRepository, "get">;
  readonly messages: MessageRepository;
  readonly deliveries: DeliveryRepository;
  /** Stores an accepted message with its deliveries and their hand-off to the queue, atomically. */
  readonly intake: MessageIntake;
  readonly queue: JobQueue<DeliveryJobs>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly secrets: SecretGenerator;
  readonly egress: EgressGuard;
  readonly sender: WebhookSender;
  readonly breakers: BreakerStore;
  readonly rateLimiter: RateLimiter;
  readonly settings: Settings;
  /** Context to carry into jobs (correlation and trace ids); `{}` when there is none. */
  readonly carrier: () => Record<string, string>;
  /** Called after an endpoint changes, so cached copies go (cache-aside invalidation). */
  readonly onEndpointChanged: (tenantId: string, endpointId: string) => void;
  /** Uniform in [0, 1): drives retry jitter. */
  readonly random: () => number;
}

/** The business settings use cases apply (from config). */
export interface Settings {
  readonly policy: DeliveryPolicy;
  /** Largest message body, serialised, in bytes. */
  readonly maxPayloadBytes: number;
  /** How long a rotated-out secret keeps signing (ms). */
  readonly secretGraceMs: number;
}
