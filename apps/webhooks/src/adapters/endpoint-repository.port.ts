import type { NotFound, ResultAsync } from "@hexkit/core";
import type { Endpoint } from "../domain/endpoint.js";
import type { Page, PageRequest } from "../domain/pagination.js";
import type { RepositoryError } from "./repository-error.js";

/**
 * The durable record of endpoints. Every read and write is scoped by tenant:
 * another tenant's endpoint is `NotFound`. `update` is an atomic
 * read-modify-write, so concurrent workers (disable on 410, failure marks)
 * never lose each other's changes.
 */
export interface EndpointRepository {
  /** Stores a new endpoint (its id is new). */
  insert(endpoint: Endpoint): ResultAsync<void, RepositoryError>;
  get(tenantId: string, id: string): ResultAsync<Endpoint, NotFound | RepositoryError>;
  /** The tenant's endpoints, newest first. */
  list(tenantId: string, page: PageRequest): ResultAsync<Page<Endpoint>, RepositoryError>;
  /** The tenant's enabled endpoints subscribed to `eventType`, in creation order. */
  listSubscribed(tenantId: string, eventType: string): ResultAsync<readonly Endpoint[], RepositoryError>;
  /** Applies `change` to the stored endpoint atomically and answers the result. */
  update(tenantId: string, id: string, change: (current: Endpoint) => Endpoint): ResultAsync<Endpoint, NotFound | RepositoryError>;
  delete(tenantId: string, id: string): ResultAsync<void, NotFound | RepositoryError>;
}
