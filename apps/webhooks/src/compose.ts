import { createCacheAside } from "@hexkit/core";
import { createMemoryCache, createMemoryJobQueue, createMemoryRateLimiter } from "@hexkit/memory";
import type { DeliveryJobs } from "./adapters/delivery-jobs.js";
import { createMemoryBreakerStore } from "./adapters/memory/memory-breaker-store.js";
import { createMemoryDeliveryRepository } from "./adapters/memory/memory-delivery-repository.js";
import { createMemoryEndpointRepository } from "./adapters/memory/memory-endpoint-repository.js";
import { createMemoryMessageRepository } from "./adapters/memory/memory-message-repository.js";
import type { WebhooksConfig } from "./config.js";
import { createDirectMessageIntake } from "./outbox/memory-message-intake.js";
import { composeProduction } from "./wiring/compose-production.js";
import type { ComposeDeps, Composition } from "./wiring/composition.js";
import { compositionOf, createApiApp, deliveryJobHandler, runtimeOf, stopServing, wireUseCases } from "./wiring/core-wiring.js";

export type { ComposeDeps, Composition } from "./wiring/composition.js";

/**
 * The composition root: the only place that picks adapters. Part 1 wires
 * the embedded defaults: memory repositories, cache, rate limiter, job queue
 * and circuit breakers in this process; undici behind the egress guard.
 */
export function compose(config: WebhooksConfig, deps: ComposeDeps): Composition {
  // PostgreSQL, Redis, BullMQ, roles, metrics, tracing: see wiring/compose-production.ts.
  if (config.postgres !== undefined || config.redis !== undefined) return composeProduction(config, deps);
  const runtime = runtimeOf(deps);
  const { logger, clock, ids, context } = runtime;

  const endpoints = createMemoryEndpointRepository();
  const cache = createMemoryCache({ clock, maxEntries: 10_000 });
  const queue = createMemoryJobQueue<DeliveryJobs>({ clock, idGenerator: ids, context, logger: logger.child({ component: "queue" }) });
  const messages = createMemoryMessageRepository();
  const deliveries = createMemoryDeliveryRepository();
  const wiring = wireUseCases(
    config,
    runtime,
    {
      endpoints,
      messages,
      deliveries,
      intake: createDirectMessageIntake({ messages, deliveries, queue, now: () => clock.now(), carrier: () => context.inject() }),
      queue,
      breakers: createMemoryBreakerStore(config.circuitBreaker),
      rateLimiter: createMemoryRateLimiter({ clock, policy: { points: 1, durationMs: 1_000 } }),
    },
    { cacheAside: createCacheAside({ cache, clock }), cache },
  );
  const { services, sender } = wiring;

  const worker = queue.createWorker(deliveryJobHandler(services, logger, { doneLevel: "info" }), { concurrency: config.delivery.concurrency });

  const rateLimiter = createMemoryRateLimiter({ clock, policy: { points: Math.max(1, config.server.rateLimitPerMinute), durationMs: 60_000 } });
  const { app, token, devSecret } = createApiApp(config, runtime, wiring, { serveApi: true, rateLimiter });

  return compositionOf({ app, worker, services, token, devSecret }, async () => {
    await stopServing(config, logger, app, worker);
    await queue.close({ deadlineMs: 0 });
    await sender.close();
  });
}
