import type { ResultAsync } from "@hexkit/core";
import type { RepositoryError } from "../repository-error.js";
import type { PgDatabase, Tx } from "./pg-database.js";

/** One claimed outbox row: the job (delivery, seq) due at `dueAt`, with its trace context. */
export interface OutboxEntry {
  readonly id: string;
  readonly tenantId: string;
  readonly deliveryId: string;
  readonly seq: number;
  readonly dueAt: number;
  readonly carrier: Readonly<Record<string, string>>;
}

interface OutboxRow {
  id: string;
  tenant_id: string;
  delivery_id: string;
  seq: number;
  due_at: string;
  carrier: Record<string, string>;
}

/**
 * Claims up to `limit` rows, oldest first, locking them for this transaction;
 * rows another relay holds are skipped (`for update skip locked`), so any
 * number of relays share the work without waiting on each other.
 */
export async function claimOutbox(tx: Pick<Tx, "query">, limit: number): Promise<OutboxEntry[]> {
  const rows = await tx.query<OutboxRow>("select id, tenant_id, delivery_id, seq, due_at, carrier from outbox order by id limit $1 for update skip locked", [limit]);
  return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, deliveryId: r.delivery_id, seq: r.seq, dueAt: Number(r.due_at), carrier: r.carrier }));
}

/** Deletes relayed rows (the relay's "done"). */
export async function deleteOutbox(tx: Pick<Tx, "query">, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await tx.query("delete from outbox where id = any($1::bigint[])", [ids]);
}

/**
 * Adds one row unless (delivery, seq) has one: the enqueue of the outbox
 * queue. Answers whether a row was added.
 */
export function addOutbox(
  db: PgDatabase,
  entry: Omit<OutboxEntry, "id">,
  now: number,
): ResultAsync<boolean, RepositoryError> {
  return db
    .query<{ id: string }>(
      "outbox.add",
      `insert into outbox (tenant_id, delivery_id, seq, due_at, carrier, created_at) values ($1, $2, $3, $4, $5, $6)
       on conflict (delivery_id, seq) do nothing returning id`,
      [entry.tenantId, entry.deliveryId, entry.seq, entry.dueAt, JSON.stringify(entry.carrier), now],
    )
    .map((rows) => rows.length > 0);
}

/** Rows waiting for the relay, and the age of the oldest (ms; 0 when empty): the relay's lag. */
export function outboxBacklog(db: PgDatabase, now: number): ResultAsync<{ readonly rows: number; readonly oldestAgeMs: number }, RepositoryError> {
  return db
    .query<{ rows: string; oldest: string | null }>("outbox.backlog", "select count(*) as rows, min(created_at) as oldest from outbox")
    .map(([row]) => ({ rows: Number(row?.rows ?? 0), oldestAgeMs: row?.oldest == null ? 0 : Math.max(0, now - Number(row.oldest)) }));
}

/**
 * The safety net under the queue: pending deliveries overdue by more than
 * `overdueMs` that have no outbox row (their job was lost: a queue that
 * dead-lettered it during a long outage, a Redis that lost data) are
 * rescheduled now under a new `seq`, with an outbox row, in one statement.
 * The new `seq` makes any late copy of the old job stale. Answers how many.
 */
export function sweepOverdue(db: PgDatabase, now: number, overdueMs: number, limit: number): ResultAsync<number, RepositoryError> {
  return db
    .query<{ n: string }>(
      "outbox.sweep",
      `with overdue as (
         select d.id from deliveries d
         where d.status = 'pending' and d.next_attempt_at < $1
           and not exists (select 1 from outbox o where o.delivery_id = d.id)
         order by d.next_attempt_at limit $3
         for update skip locked
       ), bumped as (
         update deliveries d set seq = d.seq + 1, next_attempt_at = $2, updated_at = $2
         from overdue where d.id = overdue.id
         returning d.tenant_id, d.id, d.seq
       ), queued as (
         insert into outbox (tenant_id, delivery_id, seq, due_at, created_at)
         select tenant_id, id, seq, $2, $2 from bumped
         on conflict (delivery_id, seq) do nothing
         returning 1
       )
       select count(*) as n from queued`,
      [now - overdueMs, now, limit],
    )
    .map(([row]) => Number(row?.n ?? 0));
}
