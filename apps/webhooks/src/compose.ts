import { type Clock, type ContextStore, createCacheAside, type Logger, type Worker } from "@hexkit/core";
import { createHttpApp, type HttpApp } from "@hexkit/fastify";
import { createAsyncContextStore, createIdGenerator, createMemoryCache, createMemoryJobQueue, createMemoryRateLimiter, createSystemClock } from "@hexkit/memory";
import { randomBytes } from "node:crypto";
import { createCachedEndpointReader } from "./adapters/cached-endpoint-reader.js";
import type { DeliveryJobs } from "./adapters/delivery-jobs.js";
import { createAddressPolicy } from "./adapters/egress/address-policy.js";
import { dnsResolve } from "./adapters/egress/dns-resolve.js";
import { createEgressGuard, type Resolve } from "./adapters/egress/egress-guard.js";
import { createUndiciSender } from "./adapters/egress/undici-sender.js";
import { createMemoryBreakerStore } from "./adapters/memory/memory-breaker-store.js";
import { createMemoryDeliveryRepository } from "./adapters/memory/memory-delivery-repository.js";
import { createMemoryEndpointRepository } from "./adapters/memory/memory-endpoint-repository.js";
import { createMemoryMessageRepository } from "./adapters/memory/memory-message-repository.js";
import { createAuthenticator, tokenSettings } from "./auth/authenticator.js";
import { type DevSecret, loadOrCreateDevSecret } from "./auth/dev-jwt-secret.js";
import type { TokenSettings } from "./auth/mint-token.js";
import type { WebhooksConfig } from "./config.js";
import { formatSecret } from "./domain/secret.js";
import { apiRoutes } from "./http/routes.js";
import { createDirectMessageIntake } from "./outbox/memory-message-intake.js";
import { createServices, type Services } from "./services.js";
import { makeBulkIngest } from "./ingest/bulk-ingest.js";
import { acceptNdjson, bulkIngestRoute } from "./ingest/bulk-route.js";
import type { UseCaseDeps } from "./use-cases/deps.js";
import { composeProduction } from "./wiring/compose-production.js";
import { httpAppOptions, useCaseSettings } from "./wiring/settings.js";

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
  const { logger } = deps;
  const clock = deps.clock ?? createSystemClock();
  const resolve = deps.resolve ?? dnsResolve;
  const ids = createIdGenerator({ now: () => clock.now() });
  const context = deps.context ?? createAsyncContextStore();

  const endpoints = createMemoryEndpointRepository();
  const cache = createMemoryCache({ clock, maxEntries: 10_000 });
  const cacheAside = createCacheAside({ cache, clock });
  const reader = createCachedEndpointReader(endpoints, { cacheAside, cache, ttlMs: config.endpoints.cacheTtlMs });
  const queue = createMemoryJobQueue<DeliveryJobs>({ clock, idGenerator: ids, context, logger: logger.child({ component: "queue" }) });
  const policy = createAddressPolicy(config.egress.allow);
  const sender = createUndiciSender(config.delivery, { policy, resolve });

  const messages = createMemoryMessageRepository();
  const deliveries = createMemoryDeliveryRepository();
  const useCaseDeps: UseCaseDeps = {
    endpoints,
    endpointReader: reader,
    messages,
    deliveries,
    intake: createDirectMessageIntake({ messages, deliveries, queue, now: () => clock.now(), carrier: () => context.inject() }),
    queue,
    clock,
    ids,
    secrets: { next: () => formatSecret(randomBytes(32)) },
    egress: createEgressGuard(policy, resolve),
    sender,
    breakers: createMemoryBreakerStore(config.circuitBreaker),
    rateLimiter: createMemoryRateLimiter({ clock, policy: { points: 1, durationMs: 1_000 } }),
    settings: useCaseSettings(config),
    carrier: () => context.inject(),
    onEndpointChanged: (tenantId, id) => {
      reader.invalidate(tenantId, id);
    },
    random: Math.random,
  };
  const services = createServices(useCaseDeps);

  const workerLog = logger.child({ component: "delivery-worker" });
  const worker = queue.createWorker(
    {
      deliver: (job) =>
        services
          .deliver(job)
          .map((outcome) => {
            workerLog.info("delivery job done", { deliveryId: job.payload.deliveryId, tenantId: job.payload.tenantId, ...outcome });
          })
          .mapErr((error) => {
            workerLog.warn("delivery job failed; the queue retries it", { deliveryId: job.payload.deliveryId, err: error });
            return error;
          }),
    },
    { concurrency: config.delivery.concurrency },
  );

  const devSecret = config.auth.jwtSecret === undefined ? loadOrCreateDevSecret(config.dataDir) : undefined;
  const token = tokenSettings(config.auth, () => devSecret?.secret ?? "");
  const rateLimiter = createMemoryRateLimiter({ clock, policy: { points: Math.max(1, config.server.rateLimitPerMinute), durationMs: 60_000 } });
  const app = createHttpApp({
    routes: [...apiRoutes(services), bulkIngestRoute(makeBulkIngest(useCaseDeps), config)],
    logger: logger.child({ component: "http" }),
    context,
    clock,
    authenticator: createAuthenticator(config.auth, token),
    rateLimiter,
    options: httpAppOptions(config),
  });
  acceptNdjson(app);

  let closing: Promise<void> | undefined;
  return {
    app,
    worker,
    services,
    token,
    devSecret,
    close() {
      closing ??= (async () => {
        await app.close();
        const report = await worker.stop({ deadlineMs: config.delivery.stopDeadlineMs });
        logger.info("delivery worker stopped", { ...report });
        await queue.close({ deadlineMs: 0 });
        await sender.close();
      })();
      return closing;
    },
  };
}
