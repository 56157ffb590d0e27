import type { NotFound, ResultAsync } from "@hexkit/core";
import type { Attempt, Delivery } from "../domain/delivery.js";
import type { Page, PageRequest } from "../domain/pagination.js";
import type { RepositoryError } from "./repository-error.js";

/** Filters for failed (dead-lettered) deliveries; `since` is inclusive, on `updatedAt` (when it failed). */
export interface FailedFilter {
  readonly endpointId?: string;
  readonly since?: number;
}

/** Filters for attempts. */
export interface AttemptFilter {
  readonly endpointId?: string;
}

/**
 * The durable record of deliveries and their attempts, scoped by tenant.
 * `update` is an atomic read-modify-write (the worker and the API both change
 * deliveries). Attempts are append-only.
 */
export interface DeliveryRepository {
  insertMany(deliveries: readonly Delivery[]): ResultAsync<void, RepositoryError>;
  get(tenantId: string, id: string): ResultAsync<Delivery, NotFound | RepositoryError>;
  /** Every delivery of a message (one per endpoint it went to), in creation order. */
  listByMessage(tenantId: string, messageId: string): ResultAsync<readonly Delivery[], RepositoryError>;
  /** Failed deliveries (the dead-letter list), newest failure first. */
  listFailed(tenantId: string, filter: FailedFilter, page: PageRequest): ResultAsync<Page<Delivery>, RepositoryError>;
  update(tenantId: string, id: string, change: (current: Delivery) => Delivery): ResultAsync<Delivery, NotFound | RepositoryError>;
  appendAttempt(attempt: Attempt): ResultAsync<void, RepositoryError>;
  /** A message's attempts, newest first. */
  listAttempts(tenantId: string, messageId: string, filter: AttemptFilter, page: PageRequest): ResultAsync<Page<Attempt>, RepositoryError>;
}
