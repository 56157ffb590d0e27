import { type Clock, type ContextStore, createCacheAside, type Logger, type Worker } from "@hexkit/core";
import type { HttpApp } from "@hexkit/fastify";
import { createMemoryCache, createMemoryJobQueue, createMemoryRateLimiter } from "@hexkit/memory";
import type { DeliveryJobs } from "./adapters/delivery-jobs.js";
import type { Resolve } from "./adapters/egress/egress-guard.js";
import { createMemoryBreakerStore } from "./adapters/memory/memory-breaker-store.js";
import { createMemoryDeliveryRepository } from "./adapters/memory/memory-delivery-repository.js";
import { createMemoryEndpointRepository } from "./adapters/memory/memory-endpoint-repository.js";
import { createMemoryMessageRepository } from "./adapters/memory/memory-message-repository.js";
import type { DevSecret } from "./auth/dev-jwt-secret.js";
import type { TokenSettings } from "./auth/mint-token.js";
import type { WebhooksConfig } from "./config.js";
import { createDirectMessageIntake } from "./outbox/memory-message-intake.js";
import type { Services } from "./services.js";
import { composeProduction } from "./wiring/compose-production.js";
import { compositionOf, createApiApp, deliveryJobHandler, runtimeOf, stopServing, wireUseCases } from "./wiring/core-wiring.js";

/** What `compose` needs from outside besides config; tests replace the clock or the resolver. */
export interface ComposeDeps {
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Host-name resolution for the egress guard and the sender. Default: the system resolver. */
  readonly resolve?: Resolve;
  /**
   * The ambient request/job context. Pass the same store the logger was
   * created with, so every log line inside a request or a delivery carries
   * its correlation id, trace id and tenant. Default: a new store.
   */
  readonly context?: ContextStore;
}

/** The composed service. */
export interface Composition {
  /** The HTTP app; built, not listening. */
  readonly app: HttpApp;
  /** The delivery worker, already taking jobs. */
  readonly worker: Worker;
  readonly services: Services;
  /** How bearer tokens are minted for this instance (the CLI uses the same). */
  readonly token: TokenSettings;
  /** The development JWT secret, when no `auth.jwtSecret` is configured. */
  readonly devSecret: DevSecret | undefined;
  /**
   * Stops the HTTP server (draining in-flight requests up to its deadline),
   * then the worker (in-flight deliveries up to `delivery.stopDeadlineMs`;
   * the rest would run again), then the sender's connections. Idempotent.
   */
  close(): Promise<void>;
}

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
