import { secret } from "@hexkit/config";
import { z } from "zod";

/*
 * The configuration sections of production wiring (part 2). Each is optional
 * or has defaults, so embedded defaults stay the zero-config start. Times in
 * ms. Set `postgres` for a durable record, `redis` for a shared cache, rate
 * limits and the BullMQ delivery queue, and `role` to split API and workers.
 */

/** Which parts of the service this process runs: any number of each may run against the same PostgreSQL and Redis. */
export const ProcessRole = z.enum(["all", "api", "worker"]);

/** The durable record in PostgreSQL. */
export const PostgresSection = z
  .object({
    /** `postgres://user:password@host:5432/db`; may come from a file (`WEBHOOKS__POSTGRES__URL_FILE`). */
    url: secret(z.string().min(1)),
    /** Schema of the tables (the connection's `search_path`); absent: `public`. */
    schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).optional(),
    poolSize: z.number().int().positive().default(10),
    connectTimeoutMs: z.number().int().positive().default(2_000),
    statementTimeoutMs: z.number().int().positive().default(5_000),
    /** Apply pending migrations when the process starts (several starting at once is safe: an advisory lock orders them). */
    migrateOnStart: z.boolean().default(true),
  })
  .strict();

/** Redis: the shared endpoint cache, rate limits, and (unless `queue.kind` says otherwise) the delivery queue. */
export const RedisSection = z
  .object({
    /** `redis://[user:password@]host:6379[/db]`. */
    url: secret(z.string().regex(/^rediss?:\/\//)).default("redis://127.0.0.1:6379"),
    /** Prefix of every key this service writes (cache, rate limits, queue). */
    keyPrefix: z.string().regex(/^[a-z0-9_-]+$/i).default("webhooks"),
    commandTimeoutMs: z.number().int().positive().default(1_000),
  })
  .strict();

/** The BullMQ delivery queue (with `redis`). */
export const QueueSection = z
  .object({
    name: z.string().regex(/^[a-z0-9_-]+$/i).default("deliveries"),
    /** A dead worker's job is taken again after its lock expires. */
    lockDurationMs: z.number().int().positive().default(30_000),
    stalledIntervalMs: z.number().int().positive().default(15_000),
    /** Tries of one job while the record is unreachable (transient errors), before the overdue sweep takes over. */
    attempts: z.number().int().positive().default(50),
    /** Backoff cap between those tries. */
    maxRetryDelayMs: z.number().int().positive().default(30_000),
  })
  .strict()
  .prefault({});

/** The outbox relay (with `postgres`; runs in `worker` and `all` processes). */
export const OutboxSection = z
  .object({
    batchSize: z.number().int().positive().max(1_000).default(200),
    pollIntervalMs: z.number().int().positive().default(100),
    /** A pending delivery this overdue with no outbox row lost its job and is rescheduled. */
    overdueAfterMs: z.number().int().positive().default(10 * 60_000),
    sweepIntervalMs: z.number().int().nonnegative().default(60_000),
  })
  .strict()
  .prefault({});

/** `/metrics` for Prometheus. */
export const MetricsSection = z
  .object({
    enabled: z.boolean().default(true),
    path: z.string().startsWith("/").default("/metrics"),
  })
  .strict()
  .prefault({});

/** Traces over OTLP/HTTP when `otlpUrl` is set. */
export const TracingSection = z
  .object({
    /** Collector endpoint, e.g. `http://otel-collector:4318/v1/traces`; absent: traces are not exported. */
    otlpUrl: z.url().optional(),
    serviceName: z.string().min(1).default("webhooks"),
    samplingRatio: z.number().min(0).max(1).default(1),
  })
  .strict()
  .prefault({});

/** `POST /v1/messages/bulk`. */
export const IngestSection = z
  .object({
    /** Lines stored per transaction. */
    batchSize: z.number().int().positive().max(5_000).default(500),
    /** Refused lines listed in a report at most (all are counted). */
    maxErrors: z.number().int().nonnegative().default(1_000),
    /** Deadline of one bulk request, body streaming included. */
    timeoutMs: z.number().int().positive().default(600_000),
  })
  .strict()
  .prefault({});

/** The production sections, to spread into the app's config object. */
export const productionSections = {
  role: ProcessRole.default("all"),
  postgres: PostgresSection.optional(),
  redis: RedisSection.optional(),
  queue: QueueSection,
  outbox: OutboxSection,
  metrics: MetricsSection,
  tracing: TracingSection,
  ingest: IngestSection,
};

/**
 * A process split into roles needs what every process can share: the record
 * in PostgreSQL, the queue in Redis and, for the API, a configured JWT secret
 * (a development secret file would differ from machine to machine).
 */
export function checkRoles(config: { role: string; postgres?: unknown; redis?: unknown; auth: { jwtSecret?: string | undefined } }, ctx: z.RefinementCtx): void {
  if (config.role === "all") return;
  if (config.role === "api" && config.auth.jwtSecret === undefined) {
    ctx.addIssue({ code: "custom", path: ["auth", "jwtSecret"], message: 'role "api" needs auth.jwtSecret (every API process must verify the same tokens)' });
  }
  if (config.postgres === undefined) ctx.addIssue({ code: "custom", path: ["postgres"], message: `role "${config.role}" needs postgres (the record every process shares)` });
  if (config.redis === undefined) ctx.addIssue({ code: "custom", path: ["redis"], message: `role "${config.role}" needs redis (the queue every process shares)` });
}
