import type { Cache, Clock, IdGenerator, JobHandlers, JobQueue, Logger, RateLimiter, Worker } from "@hexkit/core";
import { Layer } from "effect";
import {
  CacheService,
  ClockService,
  IdGeneratorService,
  LoggerService,
  RateLimiterService,
  layerWorker,
} from "@hexkit/effect";
import { type DeliveryJobs, DeliveryQueue, EndpointRepository, MessageRepository, WebhookSender } from "./services.js";
import { deliverMessage } from "./use-cases/deliver-message.js";

/**
 * The adapters the example runs on: hexkit ports, so any adapter fits
 * (memory in tests and the embedded default; Redis and BullMQ in production).
 */
export interface WebhooksAdapters {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly cache: Cache;
  readonly limiter: RateLimiter;
  readonly queue: JobQueue<DeliveryJobs>;
  readonly logger: Logger;
}

/** Every service the use cases need, bar the egress (`WebhookSender`), which the caller picks. */
export type WebhooksServices =
  | ClockService
  | IdGeneratorService
  | CacheService
  | RateLimiterService
  | DeliveryQueue
  | LoggerService
  | EndpointRepository
  | MessageRepository;

/**
 * The composition root as a layer: port services over the given adapters
 * (Effect's clock and logger follow the ports too), and in-memory records.
 * The layer does not close the adapters: whoever built them closes them, or
 * builds them inside a layer with `layerScoped`/`acquireCloseable` instead.
 */
export function webhooksLayer(adapters: WebhooksAdapters): Layer.Layer<WebhooksServices> {
  return Layer.mergeAll(
    ClockService.layerWithEffectClock(adapters.clock),
    IdGeneratorService.layer(adapters.ids),
    CacheService.layer(adapters.cache),
    RateLimiterService.layer(adapters.limiter),
    DeliveryQueue.layer(adapters.queue),
    LoggerService.layerWithEffectLogger(adapters.logger),
    EndpointRepository.layerMemory,
    MessageRepository.layerMemory,
  );
}

/**
 * The delivery worker as a layer: runs `deliverMessage` for every job for as
 * long as the layer lives, and stops the worker (draining in-flight jobs)
 * when it is released. `start` is the queue adapter's worker factory.
 */
export function deliveryWorkerLayer(
  start: (handlers: JobHandlers<DeliveryJobs>) => Worker,
): Layer.Layer<never, never, WebhooksServices | WebhookSender> {
  return layerWorker(start, { deliver: deliverMessage });
}
