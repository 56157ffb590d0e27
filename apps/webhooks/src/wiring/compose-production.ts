import { fromSafePromise, type Job, type ResultAsync, type Worker } from "@hexkit/core";
import { createHttpApp, type HttpRoute } from "@hexkit/fastify";
import { createAsyncContextStore, createIdGenerator, createSystemClock } from "@hexkit/memory";
import { randomBytes } from "node:crypto";
import { createCachedEndpointReader } from "../adapters/cached-endpoint-reader.js";
import type { DeliverJob } from "../adapters/delivery-jobs.js";
import { createAddressPolicy } from "../adapters/egress/address-policy.js";
import { dnsResolve } from "../adapters/egress/dns-resolve.js";
import { createEgressGuard } from "../adapters/egress/egress-guard.js";
import { createUndiciSender } from "../adapters/egress/undici-sender.js";
import { createMemoryBreakerStore } from "../adapters/memory/memory-breaker-store.js";
import { migrate, readMigrations } from "../adapters/postgres/migrate.js";
import { createRedisBreakerStore } from "../adapters/redis/redis-breaker-store.js";
import { createAuthenticator, tokenSettings } from "../auth/authenticator.js";
import { loadOrCreateDevSecret } from "../auth/dev-jwt-secret.js";
import type { ComposeDeps, Composition } from "../compose.js";
import type { WebhooksConfig } from "../config.js";
import { formatSecret } from "../domain/secret.js";
import { apiRoutes } from "../http/routes.js";
import { makeBulkIngest } from "../ingest/bulk-ingest.js";
import { acceptNdjson, bulkIngestRoute } from "../ingest/bulk-route.js";
import { createOutboxRelay, type OutboxRelay } from "../outbox/outbox-relay.js";
import { createServices } from "../services.js";
import { createDeliveryQueue } from "./delivery-queue.js";
import { createMetrics, createTracer, deliveryMetrics, registerMetricsRoute, relayMetrics } from "./observability.js";
import { createRecord } from "./record.js";
import { createSharedState } from "./shared-state.js";
import { createStartup, type StartupStep } from "./startup.js";
import type { UseCaseDeps } from "../use-cases/deps.js";
import { httpAppOptions, useCaseSettings } from "./settings.js";

const idleWorker: Worker = { stop: () => Promise.resolve({ drained: 0, abandoned: 0 }) };

/**
 * The composition for production: PostgreSQL for the record (with the
 * transactional outbox and its relay), Redis for the shared endpoint cache
 * and rate limits, BullMQ for deliveries, Prometheus at `/metrics`, OTLP
 * traces when configured; each part falls back to its embedded version when
 * not configured. The `role` picks what this process runs:
 *
 * - `api`: the /v1 API (and health, metrics); enqueues through the outbox.
 * - `worker`: the delivery worker and the outbox relay (and health, metrics).
 * - `all`: both.
 *
 * Start-up runs in the background (migrations when `postgres.migrateOnStart`,
 * then the relay, then the endpoint cache warm-up), retried until the
 * database answers; `/readyz` fails until it is done.
 */
export function composeProduction(config: WebhooksConfig, deps: ComposeDeps): Composition {
  const { logger } = deps;
  const clock = deps.clock ?? createSystemClock();
  const resolve = deps.resolve ?? dnsResolve;
  const ids = createIdGenerator({ now: () => clock.now() });
  const context = deps.context ?? createAsyncContextStore();
  const runsApi = config.role !== "worker";
  const runsWorker = config.role !== "api";

  const metrics = createMetrics(config, logger);
  const tracer = createTracer(config, logger, context);
  const shared = createSharedState(config, { clock, logger, metrics });
  const delivery = createDeliveryQueue(config, { clock, ids, context, logger, metrics, tracer });
  const record = createRecord(config, delivery.queue, {
    clock,
    context,
    onIdleError: (cause) => {
      logger.warn("a pooled PostgreSQL connection failed while idle; it is replaced on demand", { err: cause });
    },
  });

  const reader = createCachedEndpointReader(record.endpoints, { cacheAside: shared.cacheAside, cache: shared.cache, ttlMs: config.endpoints.cacheTtlMs });
  const policy = createAddressPolicy(config.egress.allow);
  const sender = createUndiciSender(config.delivery, { policy, resolve });
  const useCaseDeps: UseCaseDeps = {
    endpoints: record.endpoints,
    endpointReader: reader,
    messages: record.messages,
    deliveries: record.deliveries,
    intake: record.intake,
    queue: record.useCaseQueue,
    clock,
    ids,
    secrets: { next: () => formatSecret(randomBytes(32)) },
    egress: createEgressGuard(policy, resolve),
    sender,
    // In Redis, one breaker per endpoint for every worker; in this process without Redis.
    breakers:
      shared.redis === undefined || config.redis === undefined
        ? createMemoryBreakerStore(config.circuitBreaker)
        : createRedisBreakerStore(shared.redis, config.circuitBreaker, {
            keyPrefix: `${config.redis.keyPrefix}:breaker:`,
            ttlMs: 10 * Math.max(config.circuitBreaker.windowMs, config.circuitBreaker.coolDownMs),
          }),
    rateLimiter: shared.endpointLimiter,
    settings: useCaseSettings(config),
    carrier: () => context.inject(),
    onEndpointChanged: (tenantId, id) => {
      reader.invalidate(tenantId, id);
    },
    random: Math.random,
  };
  const services = createServices(useCaseDeps);

  const workerLog = logger.child({ component: "delivery-worker" });
  const recordDelivery = deliveryMetrics(metrics);
  const worker = runsWorker
    ? delivery.startWorker({
        deliver: (job: Job<"deliver", DeliverJob>) =>
          services
            .deliver(job)
            .map((outcome) => {
              recordDelivery.outcome(outcome);
              workerLog.debug("delivery job done", { deliveryId: job.payload.deliveryId, tenantId: job.payload.tenantId, ...outcome });
            })
            .mapErr((error) => {
              recordDelivery.failed(error);
              workerLog.warn("delivery job failed; the queue retries it", { deliveryId: job.payload.deliveryId, err: error });
              return error;
            }),
      })
    : idleWorker;

  const db = record.db;
  const relay: OutboxRelay | undefined =
    runsWorker && db !== undefined
      ? createOutboxRelay(db, delivery.queue, config.outbox, { clock, logger: logger.child({ component: "outbox-relay" }), ...withObserver(relayMetrics(metrics)) })
      : undefined;

  const steps: StartupStep[] = [];
  if (db !== undefined && config.postgres?.migrateOnStart === true) {
    steps.push({ name: "migrations", run: () => readMigrations().andThen((m) => migrate(db, m)) });
  }
  if (relay !== undefined) steps.push({ name: "outbox relay", run: () =>
        relay.relayOnce().map(() => {
          relay.start();
        }),
    });
  steps.push({
    name: "endpoint cache warm-up",
    run: () =>
      record.warmKeys(10_000).andThen((keys) =>
        // Each key is loaded through the same cache-aside the worker reads with; a key that fails stays cold.
        inBatches(keys, 16, (k) => reader.get(k.tenantId, k.id)),
      ),
  });
  const startup = createStartup(steps, { logger: logger.child({ component: "startup" }) });

  const devSecret = config.auth.jwtSecret === undefined ? loadOrCreateDevSecret(config.dataDir) : undefined;
  const token = tokenSettings(config.auth, () => devSecret?.secret ?? "");
  const routes: HttpRoute[] = runsApi ? [...apiRoutes(services), bulkIngestRoute(makeBulkIngest(useCaseDeps), config)] : [];
  const app = createHttpApp({
    routes,
    logger: logger.child({ component: "http" }),
    context,
    clock,
    authenticator: createAuthenticator(config.auth, token),
    rateLimiter: shared.apiLimiter,
    healthChecks: [...record.healthChecks, ...shared.healthChecks, startup.readiness],
    ...(metrics === undefined ? {} : { metrics }),
    ...(tracer === undefined ? {} : { tracer }),
    options: httpAppOptions(config),
  });
  if (runsApi) acceptNdjson(app);
  if (metrics !== undefined) registerMetricsRoute(app, metrics, config.metrics.path);
  startup.start();

  let closing: Promise<void> | undefined;
  return {
    app,
    worker,
    services,
    token,
    devSecret,
    close() {
      closing ??= (async () => {
        startup.stop();
        await app.close();
        const report = await worker.stop({ deadlineMs: config.delivery.stopDeadlineMs });
        logger.info("delivery worker stopped", { ...report });
        await relay?.stop();
        await delivery.close();
        await shared.close();
        await record.close();
        await sender.close();
        if (tracer !== undefined) await tracer.shutdown();
      })();
      return closing;
    },
  };
}

const withObserver = <T>(observer: T | undefined): { observer: T } | object => (observer === undefined ? {} : { observer });

/** Runs `load` over `items`, `width` at a time; answers how many succeeded. Never fails. */
function inBatches<T>(items: readonly T[], width: number, load: (item: T) => ResultAsync<unknown, unknown>): ResultAsync<number, never> {
  return fromSafePromise(
    (async () => {
      let loaded = 0;
      for (let i = 0; i < items.length; i += width) {
        const results = await Promise.all(items.slice(i, i + width).map((item) => load(item)));
        loaded += results.filter((r) => r.isOk()).length;
      }
      return loaded;
    })(),
  );
}
