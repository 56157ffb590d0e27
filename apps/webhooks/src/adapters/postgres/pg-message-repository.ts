import { errAsync, notFound, okAsync } from "@hexkit/core";
import type { Message } from "../../domain/message.js";
import type { MessageInsert, MessageRepository } from "../message-repository.port.js";
import { pageClause, pageOf } from "./page-query.js";
import type { PgDatabase, Tx } from "./pg-database.js";
import { messageColumns, messageOf, type MessageRow } from "./rows.js";

/**
 * Inserts `message` unless its tenant already has one with the same
 * idempotency key, in which case that one is answered (`created: false`).
 * Atomic under concurrency: the partial unique index on
 * (tenant_id, idempotency_key) decides, and `on conflict do nothing` waits
 * for a concurrent inserter of the same key to commit or roll back.
 */
export async function insertMessage(tx: Pick<Tx, "query">, message: Message): Promise<MessageInsert> {
  const inserted = await tx.query<{ id: string }>(
    `insert into messages (${messageColumns}) values ($1, $2, $3, $4, $5, $6)
     on conflict (tenant_id, idempotency_key) where idempotency_key is not null do nothing returning id`,
    [message.id, message.tenantId, message.eventType, message.body, message.idempotencyKey, message.createdAt],
  );
  if (inserted.length > 0) return { message, created: true };
  const [existing] = await tx.query<MessageRow>(`select ${messageColumns} from messages where tenant_id = $1 and idempotency_key = $2`, [
    message.tenantId,
    message.idempotencyKey,
  ]);
  // Only a conflict on the key skips the insert, so the winner is there once it committed.
  if (!existing) throw new Error(`Message insert of ${message.id} neither inserted nor found its idempotency key`);
  return { message: messageOf(existing), created: false };
}

/**
 * `insertMessage` for many messages in one statement (plus one lookup for
 * repeated keys): answers one `MessageInsert` per message, in order. A key
 * repeated within `messages` is stored once; the later ones answer the first.
 */
export async function insertMessages(tx: Pick<Tx, "query">, messages: readonly Message[]): Promise<MessageInsert[]> {
  if (messages.length === 0) return [];
  const created = new Set<string>();
  for (let from = 0; from < messages.length; from += 5_000) {
    const chunk = messages.slice(from, from + 5_000);
    const rows = await tx.query<{ id: string }>(
      `insert into messages (${messageColumns})
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])
       on conflict (tenant_id, idempotency_key) where idempotency_key is not null do nothing returning id`,
      [chunk.map((m) => m.id), chunk.map((m) => m.tenantId), chunk.map((m) => m.eventType), chunk.map((m) => m.body), chunk.map((m) => m.idempotencyKey), chunk.map((m) => m.createdAt)],
    );
    for (const row of rows) created.add(row.id);
  }
  const repeated = messages.filter((m) => !created.has(m.id));
  const winners = new Map<string, Message>();
  if (repeated.length > 0) {
    const found = await tx.query<MessageRow>(
      `select ${messageColumns} from messages m where (m.tenant_id, m.idempotency_key) in (select * from unnest($1::text[], $2::text[]))`,
      [repeated.map((m) => m.tenantId), repeated.map((m) => m.idempotencyKey)],
    );
    for (const row of found) winners.set(`${row.tenant_id}\u0000${row.idempotency_key ?? ""}`, messageOf(row));
  }
  return messages.map((m) => {
    if (created.has(m.id)) return { message: m, created: true };
    const winner = winners.get(`${m.tenantId}\u0000${m.idempotencyKey ?? ""}`);
    if (!winner) throw new Error(`Message insert of ${m.id} neither inserted nor found its idempotency key`);
    return { message: winner, created: false };
  });
}

/** Messages in PostgreSQL, scoped by tenant; lists use the `(tenant_id[, event_type], created_at desc, id desc)` indexes. */
export function createPgMessageRepository(db: PgDatabase): MessageRepository {
  return {
    insert: (message) => db.transaction("messages.insert", (tx) => insertMessage(tx, message)),
    get: (tenantId, id) =>
      db
        .query<MessageRow>("messages.get", `select ${messageColumns} from messages where id = $1 and tenant_id = $2`, [id, tenantId])
        .andThen((rows) => (rows[0] ? okAsync(messageOf(rows[0])) : errAsync(notFound("message", id)))),
    list: (tenantId, filter, page) => {
      const conditions = ["tenant_id = $1"];
      const values: unknown[] = [tenantId];
      if (filter.eventType !== undefined) {
        values.push(filter.eventType);
        conditions.push(`event_type = $${values.length}`);
      }
      if (filter.since !== undefined) {
        values.push(filter.since);
        conditions.push(`created_at >= $${values.length}`);
      }
      if (filter.until !== undefined) {
        values.push(filter.until);
        conditions.push(`created_at < $${values.length}`);
      }
      const clause = pageClause("created_at", page, values.length + 1);
      return db
        .query<MessageRow>("messages.list", `select ${messageColumns} from messages where ${conditions.join(" and ")}${clause.where}${clause.tail}`, [
          ...values,
          ...clause.values,
        ])
        .map((rows) => pageOf(rows.map(messageOf), page.limit, (m) => m.createdAt));
    },
  };
}
