import type { Cache, CacheAside, Clock, ContextStore, IdGenerator, JobHandlers, Logger, RateLimiter, Worker } from "@hexkit/core";
import { createHttpApp, type HttpApp, type HttpAppDeps } from "@hexkit/fastify";
import { createAsyncContextStore, createIdGenerator, createSystemClock } from "@hexkit/memory";
import { randomBytes } from "node:crypto";
import { type CachedEndpointReader, createCachedEndpointReader } from "../adapters/cached-endpoint-reader.js";
import type { DeliveryJobs } from "../adapters/delivery-jobs.js";
import type { WebhookSender } from "../adapters/egress.port.js";
import { createAddressPolicy } from "../adapters/egress/address-policy.js";
import { dnsResolve } from "../adapters/egress/dns-resolve.js";
import { createEgressGuard, type Resolve } from "../adapters/egress/egress-guard.js";
import { createUndiciSender } from "../adapters/egress/undici-sender.js";
import { createAuthenticator, tokenSettings } from "../auth/authenticator.js";
import { type DevSecret, loadOrCreateDevSecret } from "../auth/dev-jwt-secret.js";
import type { TokenSettings } from "../auth/mint-token.js";
import type { ComposeDeps, Composition } from "./composition.js";
import type { WebhooksConfig } from "../config.js";
import { formatSecret } from "../domain/secret.js";
import { apiRoutes } from "../http/routes.js";
import { makeBulkIngest } from "../ingest/bulk-ingest.js";
import { acceptNdjson, bulkIngestRoute } from "../ingest/bulk-route.js";
import { createServices, type Services } from "../services.js";
import type { UseCaseDeps } from "../use-cases/deps.js";
import type { DeliveryMetrics } from "./observability.js";
import { httpAppOptions, useCaseSettings } from "./settings.js";

/*
 * The wiring the embedded composition (compose.ts) and the production one
 * (compose-production.ts) share; they differ only in the adapters they pass in.
 */

/** The process-wide basics every composition starts from. */
export interface Runtime {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly resolve: Resolve;
  readonly ids: IdGenerator;
  readonly context: ContextStore;
}

/** `deps` with the defaults filled in: the system clock and resolver, time-ordered ids, a new context store. */
export function runtimeOf(deps: ComposeDeps): Runtime {
  const clock = deps.clock ?? createSystemClock();
  return {
    logger: deps.logger,
    clock,
    resolve: deps.resolve ?? dnsResolve,
    ids: createIdGenerator({ now: () => clock.now() }),
    context: deps.context ?? createAsyncContextStore(),
  };
}

/** The adapters a composition picks for the use cases (memory, or PostgreSQL/Redis/BullMQ). */
export type RecordAdapters = Pick<UseCaseDeps, "endpoints" | "messages" | "deliveries" | "intake" | "queue" | "breakers" | "rateLimiter">;

/** The use cases wired to their adapters. */
export interface UseCaseWiring {
  readonly useCaseDeps: UseCaseDeps;
  readonly services: Services;
  /** Endpoint reads through the cache; invalidated whenever an endpoint changes. */
  readonly reader: CachedEndpointReader;
  /** Undici behind the address policy; `close()` it last. */
  readonly sender: WebhookSender & { close(): Promise<void> };
}

/**
 * Wires the use cases: the endpoint reader caches through `endpointCache`
 * (TTL `endpoints.cacheTtlMs`) and is invalidated on every endpoint change;
 * outbound requests go through the egress guard and `egress.allow`.
 */
export function wireUseCases(
  config: WebhooksConfig,
  runtime: Runtime,
  adapters: RecordAdapters,
  endpointCache: { readonly cacheAside: CacheAside; readonly cache: Cache },
): UseCaseWiring {
  const { clock, ids, context, resolve } = runtime;
  const reader = createCachedEndpointReader(adapters.endpoints, { ...endpointCache, ttlMs: config.endpoints.cacheTtlMs });
  const policy = createAddressPolicy(config.egress.allow);
  const sender = createUndiciSender(config.delivery, { policy, resolve });
  const useCaseDeps: UseCaseDeps = {
    ...adapters,
    endpointReader: reader,
    clock,
    ids,
    secrets: { next: () => formatSecret(randomBytes(32)) },
    egress: createEgressGuard(policy, resolve),
    sender,
    settings: useCaseSettings(config),
    carrier: () => context.inject(),
    onEndpointChanged: (tenantId, id) => {
      reader.invalidate(tenantId, id);
    },
    random: Math.random,
  };
  return { useCaseDeps, services: createServices(useCaseDeps), reader, sender };
}

/** How a delivery job's end is reported: the level of its "delivery job done" line, and metrics if any. */
export interface DeliveryJobReporting {
  readonly doneLevel: "info" | "debug";
  readonly metrics?: DeliveryMetrics;
}

/**
 * The worker's handler for `deliver` jobs: runs the use case, logs its
 * outcome ("delivery job done") or its error (warn; the error is passed on,
 * so the queue retries the job).
 */
export function deliveryJobHandler(services: Services, logger: Logger, reporting: DeliveryJobReporting): JobHandlers<DeliveryJobs> {
  const workerLog = logger.child({ component: "delivery-worker" });
  return {
    deliver: (job) =>
      services
        .deliver(job)
        .map((outcome) => {
          reporting.metrics?.outcome(outcome);
          workerLog[reporting.doneLevel]("delivery job done", { deliveryId: job.payload.deliveryId, tenantId: job.payload.tenantId, ...outcome });
        })
        .mapErr((error) => {
          reporting.metrics?.failed(error);
          workerLog.warn("delivery job failed; the queue retries it", { deliveryId: job.payload.deliveryId, err: error });
          return error;
        }),
  };
}

/** The HTTP side of a composition. */
export interface ApiApp {
  /** Built, not listening. */
  readonly app: HttpApp;
  readonly token: TokenSettings;
  /** The development JWT secret, when no `auth.jwtSecret` is configured. */
  readonly devSecret: DevSecret | undefined;
}

/**
 * The HTTP app: the /v1 API and bulk NDJSON ingest when `serveApi` (else
 * only what the adapter always serves: health, docs), bearer tokens from
 * `auth` (a development secret in `dataDir` when none is configured).
 * `extra` passes health checks, metrics and tracer through.
 */
export function createApiApp(
  config: WebhooksConfig,
  runtime: Runtime,
  wiring: UseCaseWiring,
  options: { readonly serveApi: boolean; readonly rateLimiter: RateLimiter; readonly extra?: Pick<HttpAppDeps, "healthChecks" | "metrics" | "tracer"> },
): ApiApp {
  const devSecret = config.auth.jwtSecret === undefined ? loadOrCreateDevSecret(config.dataDir) : undefined;
  const token = tokenSettings(config.auth, () => devSecret?.secret ?? "");
  const app = createHttpApp({
    routes: options.serveApi ? [...apiRoutes(wiring.services), bulkIngestRoute(makeBulkIngest(wiring.useCaseDeps), config)] : [],
    logger: runtime.logger.child({ component: "http" }),
    context: runtime.context,
    clock: runtime.clock,
    authenticator: createAuthenticator(config.auth, token),
    rateLimiter: options.rateLimiter,
    ...options.extra,
    options: httpAppOptions(config),
  });
  if (options.serveApi) acceptNdjson(app);
  return { app, token, devSecret };
}

/**
 * The first steps of every composition's `close`: stop the HTTP server
 * (draining in-flight requests), then the worker (in-flight deliveries up to
 * `delivery.stopDeadlineMs`), logging what the worker drained and abandoned.
 */
export async function stopServing(config: WebhooksConfig, logger: Logger, app: HttpApp, worker: Worker): Promise<void> {
  await app.close();
  const report = await worker.stop({ deadlineMs: config.delivery.stopDeadlineMs });
  logger.info("delivery worker stopped", { ...report });
}

/**
 * A `Composition` of `parts` whose `close` runs `stopAll` once: later and
 * concurrent calls answer the same promise (idempotent).
 */
export function compositionOf(parts: Omit<Composition, "close">, stopAll: () => Promise<void>): Composition {
  let closing: Promise<void> | undefined;
  return {
    ...parts,
    close: () => (closing ??= stopAll()),
  };
}
