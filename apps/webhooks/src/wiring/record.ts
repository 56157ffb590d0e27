import { type Clock, type ContextStore, type HealthCheck, type JobQueue, okAsync, type ResultAsync } from "@hexkit/core";
import type { DeliveryJobs } from "../adapters/delivery-jobs.js";
import type { DeliveryRepository } from "../adapters/delivery-repository.port.js";
import type { EndpointRepository } from "../adapters/endpoint-repository.port.js";
import type { MessageRepository } from "../adapters/message-repository.port.js";
import { createMemoryDeliveryRepository } from "../adapters/memory/memory-delivery-repository.js";
import { createMemoryEndpointRepository } from "../adapters/memory/memory-endpoint-repository.js";
import { createMemoryMessageRepository } from "../adapters/memory/memory-message-repository.js";
import { createPgDatabase, type PgDatabase } from "../adapters/postgres/pg-database.js";
import { createPgDeliveryRepository } from "../adapters/postgres/pg-delivery-repository.js";
import { createPgEndpointRepository, listEnabledEndpointKeys } from "../adapters/postgres/pg-endpoint-repository.js";
import { createPgMessageIntake } from "../adapters/postgres/pg-message-intake.js";
import { createPgMessageRepository } from "../adapters/postgres/pg-message-repository.js";
import type { RepositoryError } from "../adapters/repository-error.js";
import type { WebhooksConfig } from "../config.js";
import { createDirectMessageIntake } from "../outbox/memory-message-intake.js";
import type { MessageIntake } from "../outbox/message-intake.port.js";
import { createOutboxJobQueue } from "../outbox/outbox-job-queue.js";

/** The durable record and how deliveries reach the queue from it. */
export interface DurableRecord {
  readonly endpoints: EndpointRepository;
  readonly messages: MessageRepository;
  readonly deliveries: DeliveryRepository;
  readonly intake: MessageIntake;
  /** The queue the use cases enqueue to: the outbox over `queue` with PostgreSQL, `queue` itself in memory. */
  readonly useCaseQueue: JobQueue<DeliveryJobs>;
  /** The PostgreSQL database, when configured. */
  readonly db: PgDatabase | undefined;
  /** Endpoints to warm the cache with at start (none in memory: nothing to warm from). */
  warmKeys(limit: number): ResultAsync<readonly { readonly tenantId: string; readonly id: string }[], RepositoryError>;
  readonly healthChecks: readonly HealthCheck[];
  close(): Promise<void>;
}

/**
 * PostgreSQL (with the transactional outbox) when `postgres` is configured,
 * else the memory repositories with direct enqueue.
 */
export function createRecord(
  config: WebhooksConfig,
  queue: JobQueue<DeliveryJobs>,
  deps: { readonly clock: Clock; readonly context: ContextStore; readonly onIdleError: (cause: unknown) => void },
): DurableRecord {
  const carrier = (): Record<string, string> => deps.context.inject();
  const pgConfig = config.postgres;
  if (pgConfig === undefined) {
    const messages = createMemoryMessageRepository();
    const deliveries = createMemoryDeliveryRepository();
    return {
      endpoints: createMemoryEndpointRepository(),
      messages,
      deliveries,
      intake: createDirectMessageIntake({ messages, deliveries, queue, now: () => deps.clock.now(), carrier }),
      useCaseQueue: queue,
      db: undefined,
      warmKeys: () => okAsync([]),
      healthChecks: [],
      close: () => Promise.resolve(),
    };
  }
  const db = createPgDatabase(
    {
      url: pgConfig.url,
      ...(pgConfig.schema === undefined ? {} : { schema: pgConfig.schema }),
      poolSize: pgConfig.poolSize,
      connectTimeoutMs: pgConfig.connectTimeoutMs,
      statementTimeoutMs: pgConfig.statementTimeoutMs,
      applicationName: `webhooks-${config.role}`,
    },
    { onIdleError: deps.onIdleError },
  );
  const repoDeps = { clock: deps.clock, carrier };
  return {
    endpoints: createPgEndpointRepository(db),
    messages: createPgMessageRepository(db),
    deliveries: createPgDeliveryRepository(db, repoDeps),
    intake: createPgMessageIntake(db, repoDeps),
    useCaseQueue: createOutboxJobQueue(db, queue, { clock: deps.clock }),
    db,
    warmKeys: (limit) => listEnabledEndpointKeys(db, limit),
    healthChecks: [{ name: "postgres", check: () => db.query("health", "select 1").map(() => undefined) }],
    close: () => db.close(),
  };
}
