import { errAsync, notFound, okAsync, type ResultAsync } from "@hexkit/core";
import type { RepositoryError } from "../repository-error.js";
import type { EndpointRepository } from "../endpoint-repository.port.js";
import { pageClause, pageOf } from "./page-query.js";
import type { PgDatabase } from "./pg-database.js";
import { endpointColumns, endpointOf, type EndpointRow, endpointValues, placeholders } from "./rows.js";

/**
 * Endpoints in PostgreSQL. Every statement filters by tenant, so another
 * tenant's endpoint is `NotFound`. `update` locks the row (`select … for
 * update`) for its read-modify-write, so concurrent changes serialise and
 * none is lost. Lists use the `(tenant_id, created_at desc, id desc)` index.
 */
export function createPgEndpointRepository(db: PgDatabase): EndpointRepository {
  const select = `select ${endpointColumns} from endpoints`;
  return {
    insert: (endpoint) =>
      db.query("endpoints.insert", `insert into endpoints (${endpointColumns}) values (${placeholders(14)})`, endpointValues(endpoint)).map(() => undefined),
    get: (tenantId, id) =>
      db
        .query<EndpointRow>("endpoints.get", `${select} where id = $1 and tenant_id = $2`, [id, tenantId])
        .andThen((rows) => (rows[0] ? okAsync(endpointOf(rows[0])) : errAsync(notFound("endpoint", id)))),
    list: (tenantId, page) => {
      const clause = pageClause("created_at", page, 2);
      return db
        .query<EndpointRow>("endpoints.list", `${select} where tenant_id = $1${clause.where}${clause.tail}`, [tenantId, ...clause.values])
        .map((rows) => pageOf(rows.map(endpointOf), page.limit, (e) => e.createdAt));
    },
    listSubscribed: (tenantId, eventType) =>
      db
        .query<EndpointRow>(
          "endpoints.listSubscribed",
          `${select} where tenant_id = $1 and not disabled and (event_types is null or $2 = any(event_types)) order by created_at, id`,
          [tenantId, eventType],
        )
        .map((rows) => rows.map(endpointOf)),
    update: (tenantId, id, change) =>
      db
        .transaction("endpoints.update", async (tx) => {
          const [row] = await tx.query<EndpointRow>(`${select} where id = $1 and tenant_id = $2 for update`, [id, tenantId]);
          if (!row) return undefined;
          const next = change(endpointOf(row));
          const values = endpointValues(next);
          await tx.query(
            `update endpoints set (${endpointColumns}) = (${placeholders(14)}) where id = $15 and tenant_id = $16`,
            [...values, id, tenantId],
          );
          return next;
        })
        .andThen((next) => (next ? okAsync(next) : errAsync(notFound("endpoint", id)))),
    delete: (tenantId, id) =>
      db
        .query<{ id: string }>("endpoints.delete", "delete from endpoints where id = $1 and tenant_id = $2 returning id", [id, tenantId])
        .andThen((rows) => (rows.length > 0 ? okAsync(undefined) : errAsync(notFound("endpoint", id)))),
  };
}

/** (tenant, id) of up to `limit` enabled endpoints, newest first: what a start-up warms the endpoint cache with. */
export function listEnabledEndpointKeys(db: PgDatabase, limit: number): ResultAsync<readonly { readonly tenantId: string; readonly id: string }[], RepositoryError> {
  return db
    .query<{ tenant_id: string; id: string }>("endpoints.keys", "select tenant_id, id from endpoints where not disabled order by created_at desc limit $1", [limit])
    .map((rows) => rows.map((r) => ({ tenantId: r.tenant_id, id: r.id })));
}
