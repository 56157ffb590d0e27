import { fromSafePromise, type ResultAsync, type Worker } from "@hexkit/core";
import { createMemoryBreakerStore } from "../adapters/memory/memory-breaker-store.js";
import { migrate, readMigrations } from "../adapters/postgres/migrate.js";
import { createRedisBreakerStore } from "../adapters/redis/redis-breaker-store.js";
import type { ComposeDeps, Composition } from "./composition.js";
import type { WebhooksConfig } from "../config.js";
import { createOutboxRelay, type OutboxRelay } from "../outbox/outbox-relay.js";
import { compositionOf, createApiApp, deliveryJobHandler, runtimeOf, stopServing, wireUseCases } from "./core-wiring.js";
import { createDeliveryQueue } from "./delivery-queue.js";
import { createMetrics, createTracer, deliveryMetrics, registerMetricsRoute, relayMetrics } from "./observability.js";
import { createRecord } from "./record.js";
import { createSharedState } from "./shared-state.js";
import { createStartup, type StartupStep } from "./startup.js";

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
  const runtime = runtimeOf(deps);
  const { logger, clock, ids, context } = runtime;
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

  const wiring = wireUseCases(
    config,
    runtime,
    {
      endpoints: record.endpoints,
      messages: record.messages,
      deliveries: record.deliveries,
      intake: record.intake,
      queue: record.useCaseQueue,
      // In Redis, one breaker per endpoint for every worker; in this process without Redis.
      breakers:
        shared.redis === undefined || config.redis === undefined
          ? createMemoryBreakerStore(config.circuitBreaker)
          : createRedisBreakerStore(shared.redis, config.circuitBreaker, {
              keyPrefix: `${config.redis.keyPrefix}:breaker:`,
              ttlMs: 10 * Math.max(config.circuitBreaker.windowMs, config.circuitBreaker.coolDownMs),
            }),
      rateLimiter: shared.endpointLimiter,
    },
    { cacheAside: shared.cacheAside, cache: shared.cache },
  );
  const { services, reader, sender } = wiring;

  // Registered in every role, so each process exposes the same metric families.
  const jobMetrics = deliveryMetrics(metrics);
  const worker = runsWorker ? delivery.startWorker(deliveryJobHandler(services, logger, { doneLevel: "debug", metrics: jobMetrics })) : idleWorker;

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

  const { app, token, devSecret } = createApiApp(config, runtime, wiring, {
    serveApi: runsApi,
    rateLimiter: shared.apiLimiter,
    extra: {
      healthChecks: [...record.healthChecks, ...shared.healthChecks, startup.readiness],
      ...(metrics === undefined ? {} : { metrics }),
      ...(tracer === undefined ? {} : { tracer }),
    },
  });
  if (metrics !== undefined) registerMetricsRoute(app, metrics, config.metrics.path);
  startup.start();

  return compositionOf({ app, worker, services, token, devSecret }, async () => {
    startup.stop();
    await stopServing(config, logger, app, worker);
    await relay?.stop();
    await delivery.close();
    await shared.close();
    await record.close();
    await sender.close();
    if (tracer !== undefined) await tracer.shutdown();
  });
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
