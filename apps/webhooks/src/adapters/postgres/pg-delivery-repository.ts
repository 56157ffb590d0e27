import { type Carrier, type Clock, errAsync, type NotFound, notFound, okAsync, type ResultAsync, unavailable } from "@hexkit/core";
import type { RepositoryError } from "../repository-error.js";
import type { Delivery } from "../../domain/delivery.js";
import type { DeliveryRepository } from "../delivery-repository.port.js";
import { type OutboxStamp, writeOutbox } from "./outbox-rows.js";
import { pageClause, pageOf } from "./page-query.js";
import type { PgDatabase, Tx } from "./pg-database.js";
import { attemptColumns, attemptOf, type AttemptRow, deliveryColumns, deliveryOf, type DeliveryRow, deliveryValues, placeholders } from "./rows.js";

/** What the PostgreSQL repositories take besides the database: time for outbox rows and the context to carry into jobs. */
export interface PgRepositoryDeps {
  readonly clock?: Pick<Clock, "now">;
  /** The ambient trace/correlation context, stored with each outbox row and continued by the worker. */
  readonly carrier?: () => Carrier;
}

/** The stamp of outbox rows written now. */
export const stampOf =
  (deps: PgRepositoryDeps) =>
  (): OutboxStamp => ({ now: deps.clock?.now() ?? Date.now(), carrier: deps.carrier?.() ?? {} });

/** Inserts deliveries and, in the same transaction, the outbox rows of those pending. */
export async function insertDeliveries(tx: Pick<Tx, "query">, deliveries: readonly Delivery[], stamp: OutboxStamp): Promise<void> {
  const width = 14;
  // Chunks keep each statement under PostgreSQL's 65 535 parameters.
  for (let from = 0; from < deliveries.length; from += 1_000) {
    const chunk = deliveries.slice(from, from + 1_000);
    const rows = chunk.map((_, i) => `(${placeholders(width, i * width + 1)})`).join(", ");
    await tx.query(`insert into deliveries (${deliveryColumns}) values ${rows}`, chunk.flatMap(deliveryValues));
    await writeOutbox(tx, chunk, stamp);
  }
}

/**
 * Deliveries and attempts in PostgreSQL, scoped by tenant.
 *
 * The outbox is kept here, with the record: `insertMany` writes an outbox row
 * for every pending delivery, and `update` writes one whenever the change
 * schedules a new job (the delivery is pending under a new `seq`), each in
 * the same atomic step as the delivery itself. So a delivery that is due
 * always has its job either on the queue or in the outbox, whatever crashes
 * when. `update` is an optimistic read-modify-write on the row's version, so
 * concurrent changes never overwrite each other.
 */
export function createPgDeliveryRepository(db: PgDatabase, deps: PgRepositoryDeps = {}): DeliveryRepository {
  const stamp = stampOf(deps);
  const select = `select ${deliveryColumns} from deliveries`;
  return {
    insertMany: (deliveries) => (deliveries.length === 0 ? okAsync(undefined) : db.transaction("deliveries.insertMany", (tx) => insertDeliveries(tx, deliveries, stamp()))),
    get: (tenantId, id) =>
      db
        .query<DeliveryRow>("deliveries.get", `${select} where id = $1 and tenant_id = $2`, [id, tenantId])
        .andThen((rows) => (rows[0] ? okAsync(deliveryOf(rows[0])) : errAsync(notFound("delivery", id)))),
    listByMessage: (tenantId, messageId) =>
      db
        .query<DeliveryRow>("deliveries.listByMessage", `${select} where tenant_id = $1 and message_id = $2 order by created_at, id`, [tenantId, messageId])
        .map((rows) => rows.map(deliveryOf)),
    listFailed: (tenantId, filter, page) => {
      const conditions = ["tenant_id = $1", "status = 'failed'"];
      const values: unknown[] = [tenantId];
      if (filter.endpointId !== undefined) {
        values.push(filter.endpointId);
        conditions.push(`endpoint_id = $${values.length}`);
      }
      if (filter.since !== undefined) {
        values.push(filter.since);
        conditions.push(`updated_at >= $${values.length}`);
      }
      const clause = pageClause("updated_at", page, values.length + 1);
      return db
        .query<DeliveryRow>("deliveries.listFailed", `${select} where ${conditions.join(" and ")}${clause.where}${clause.tail}`, [...values, ...clause.values])
        .map((rows) => pageOf(rows.map(deliveryOf), page.limit, (d) => d.updatedAt));
    },
    update: (tenantId, id, change) => updateDelivery(db, tenantId, id, change, stamp),
    appendAttempt: (a) =>
      db
        .query("attempts.append", `insert into attempts (${attemptColumns}) values (${placeholders(12)})`, [
          a.id,
          a.tenantId,
          a.deliveryId,
          a.messageId,
          a.endpointId,
          a.url,
          a.at,
          Math.round(a.durationMs),
          a.succeeded,
          a.statusCode,
          a.error,
          a.responseSnippet,
        ])
        .map(() => undefined),
    listAttempts: (tenantId, messageId, filter, page) => {
      const values: unknown[] = [tenantId, messageId];
      let where = "tenant_id = $1 and message_id = $2";
      if (filter.endpointId !== undefined) {
        values.push(filter.endpointId);
        where += ` and endpoint_id = $${values.length}`;
      }
      const clause = pageClause("at", page, values.length + 1);
      return db
        .query<AttemptRow>("attempts.list", `select ${attemptColumns} from attempts where ${where}${clause.where}${clause.tail}`, [...values, ...clause.values])
        .map((rows) => pageOf(rows.map(attemptOf), page.limit, (a) => a.at));
    },
  };
}

/**
 * Optimistic read-modify-write on the row's version (`xmin`, which changes
 * with every update): read, apply `change`, then one statement that updates
 * only if nobody else did meanwhile and, in the same statement (atomic),
 * writes the outbox row when the change scheduled a new job. A lost race is
 * retried with a fresh read. Two round trips instead of a five-statement
 * transaction, on the worker's hottest path.
 */
function updateDelivery(
  db: PgDatabase,
  tenantId: string,
  id: string,
  change: (current: Delivery) => Delivery,
  stamp: () => OutboxStamp,
  tries = 0,
): ResultAsync<Delivery, NotFound | RepositoryError> {
  return db
    .query<DeliveryRow & { version: string }>("deliveries.update.read", `select xmin::text as version, ${deliveryColumns} from deliveries where id = $1 and tenant_id = $2`, [id, tenantId])
    .andThen((rows) => {
      const row = rows[0];
      if (!row) return errAsync(notFound("delivery", id));
      const current = deliveryOf(row);
      const next = change(current);
      const scheduled = next.seq !== current.seq && next.status === "pending";
      const { now, carrier } = stamp();
      return db
        .query<{ n: string }>(
          "deliveries.update.write",
          `with u as (
             update deliveries set (${deliveryColumns}) = (${placeholders(14)}) where id = $15 and tenant_id = $16 and xmin = $17::text::xid returning 1
           ), o as (
             insert into outbox (tenant_id, delivery_id, seq, due_at, carrier, created_at)
             select $16, $15, $18, $19, $20::jsonb, $21 from u where $22::boolean
             on conflict (delivery_id, seq) do nothing
           )
           select count(*) as n from u`,
          [...deliveryValues(next), id, tenantId, row.version, next.seq, next.nextAttemptAt ?? now, JSON.stringify(carrier), now, scheduled],
        )
        .andThen(([written]) => {
          if (Number(written?.n) === 1) return okAsync(next);
          // Someone changed (or deleted) the row since we read it: start again from a fresh read.
          if (tries >= 20) return errAsync(unavailable("postgres", undefined, `delivery ${id} keeps changing under concurrent updates`));
          return updateDelivery(db, tenantId, id, change, stamp, tries + 1);
        });
    });
}

/** How many failed deliveries match (for progress totals of admin replays). */
export function countFailed(db: PgDatabase, tenantId: string, endpointId: string | undefined): ResultAsync<number, RepositoryError> {
  return db
    .query<{ n: string }>(
      "deliveries.countFailed",
      `select count(*) as n from deliveries where tenant_id = $1 and status = 'failed'${endpointId === undefined ? "" : " and endpoint_id = $2"}`,
      endpointId === undefined ? [tenantId] : [tenantId, endpointId],
    )
    .map(([row]) => Number(row?.n ?? 0));
}
