import { type NotFound, notFound, type ResultAsync, errAsync, okAsync } from "@hexkit/core";
import type { Endpoint } from "../../domain/endpoint.js";
import { subscribes } from "../../domain/endpoint.js";
import { isAfter, newestFirst, type Page, type PageRequest, toPage } from "../../domain/pagination.js";
import type { EndpointRepository } from "../endpoint-repository.port.js";
import type { RepositoryError } from "../repository-error.js";

/**
 * Endpoints in Maps, grouped by tenant: the embedded default. Fails never;
 * lost on exit. Reads scan only the tenant's own endpoints (a message's
 * fan-out does not depend on how many other tenants' endpoints there are).
 */
export function createMemoryEndpointRepository(): EndpointRepository {
  const rows = new Map<string, Endpoint>();
  const byTenant = new Map<string, Map<string, Endpoint>>();
  const find = (tenantId: string, id: string): Endpoint | undefined => {
    const row = rows.get(id);
    return row?.tenantId === tenantId ? row : undefined;
  };
  const ofTenant = (tenantId: string): Iterable<Endpoint> => byTenant.get(tenantId)?.values() ?? [];
  const store = (id: string, endpoint: Endpoint): void => {
    const previous = rows.get(id);
    if (previous !== undefined && previous.tenantId !== endpoint.tenantId) byTenant.get(previous.tenantId)?.delete(id);
    rows.set(id, endpoint);
    let own = byTenant.get(endpoint.tenantId);
    if (own === undefined) byTenant.set(endpoint.tenantId, (own = new Map<string, Endpoint>()));
    own.set(id, endpoint);
  };
  return {
    insert(endpoint) {
      store(endpoint.id, endpoint);
      return okAsync(undefined);
    },
    get(tenantId, id): ResultAsync<Endpoint, NotFound | RepositoryError> {
      const row = find(tenantId, id);
      return row ? okAsync(row) : errAsync(notFound("endpoint", id));
    },
    list(tenantId, page: PageRequest): ResultAsync<Page<Endpoint>, RepositoryError> {
      const after = page.after;
      const sorted = [...ofTenant(tenantId)].filter((e) => after === null || isAfter(e, after)).sort(newestFirst);
      return okAsync(toPage(sorted, page.limit));
    },
    listSubscribed(tenantId, eventType) {
      const found: Endpoint[] = [];
      for (const e of ofTenant(tenantId)) if (!e.disabled && subscribes(e, eventType)) found.push(e);
      return okAsync(found.sort((a, b) => -newestFirst(a, b)));
    },
    update(tenantId, id, change) {
      const row = find(tenantId, id);
      if (!row) return errAsync(notFound("endpoint", id));
      const next = change(row);
      store(id, next);
      return okAsync(next);
    },
    delete(tenantId, id) {
      if (!find(tenantId, id)) return errAsync(notFound("endpoint", id));
      rows.delete(id);
      byTenant.get(tenantId)?.delete(id);
      return okAsync(undefined);
    },
  };
}
