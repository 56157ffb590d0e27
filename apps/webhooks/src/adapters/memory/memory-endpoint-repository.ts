import { type NotFound, notFound, type ResultAsync, errAsync, okAsync } from "@hexkit/core";
import type { Endpoint } from "../../domain/endpoint.js";
import { subscribes } from "../../domain/endpoint.js";
import { isAfter, newestFirst, type Page, type PageRequest, toPage } from "../../domain/pagination.js";
import type { EndpointRepository } from "../endpoint-repository.port.js";
import type { RepositoryError } from "../repository-error.js";

/**
 * Endpoints in a Map: the embedded default. Fails never; lost on exit.
 * Reads scan the tenant's endpoints, fine for the thousands one process holds.
 */
export function createMemoryEndpointRepository(): EndpointRepository {
  const rows = new Map<string, Endpoint>();
  const find = (tenantId: string, id: string): Endpoint | undefined => {
    const row = rows.get(id);
    return row?.tenantId === tenantId ? row : undefined;
  };
  const ofTenant = (tenantId: string): Endpoint[] => [...rows.values()].filter((e) => e.tenantId === tenantId);
  return {
    insert(endpoint) {
      rows.set(endpoint.id, endpoint);
      return okAsync(undefined);
    },
    get(tenantId, id): ResultAsync<Endpoint, NotFound | RepositoryError> {
      const row = find(tenantId, id);
      return row ? okAsync(row) : errAsync(notFound("endpoint", id));
    },
    list(tenantId, page: PageRequest): ResultAsync<Page<Endpoint>, RepositoryError> {
      const after = page.after;
      const sorted = ofTenant(tenantId)
        .filter((e) => after === null || isAfter(e, after))
        .sort(newestFirst);
      return okAsync(toPage(sorted, page.limit));
    },
    listSubscribed(tenantId, eventType) {
      const found = ofTenant(tenantId)
        .filter((e) => !e.disabled && subscribes(e, eventType))
        .sort((a, b) => -newestFirst(a, b));
      return okAsync(found);
    },
    update(tenantId, id, change) {
      const row = find(tenantId, id);
      if (!row) return errAsync(notFound("endpoint", id));
      const next = change(row);
      rows.set(id, next);
      return okAsync(next);
    },
    delete(tenantId, id) {
      if (!find(tenantId, id)) return errAsync(notFound("endpoint", id));
      rows.delete(id);
      return okAsync(undefined);
    },
  };
}
