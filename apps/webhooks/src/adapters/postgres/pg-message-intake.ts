import type { MessageIntake } from "../../outbox/message-intake.port.js";
import { insertDeliveries, type PgRepositoryDeps, stampOf } from "./pg-delivery-repository.js";
import type { PgDatabase } from "./pg-database.js";
import { errAsync, okAsync, unavailable } from "@hexkit/core";
import type { Delivery } from "../../domain/delivery.js";
import { insertMessages } from "./pg-message-repository.js";
import { deliveryColumns, deliveryValues, messageColumns, messageOf, type MessageRow } from "./rows.js";

/**
 * The durable intake: one atomic step inserts the message (idempotent on its
 * key), its deliveries, and an outbox row per delivery. Once it commits, the
 * relay will put every delivery's job on the queue, even if this process
 * dies the next instant; if it does not commit, nothing of the message is
 * stored and the client may safely send it again.
 */
export function createPgMessageIntake(db: PgDatabase, deps: PgRepositoryDeps = {}): MessageIntake {
  const stamp = stampOf(deps);
  return {
    // One statement (atomic on its own): the message, then its deliveries and outbox rows only if the message was new.
    accept: (message, deliveries) => {
      const { now, carrier } = stamp();
      const pending = deliveries.filter((d) => d.status === "pending");
      return db
        .query<{ n: string }>(
          "messages.accept",
          `with m as (
             insert into messages (${messageColumns}) values ($1, $2, $3, $4, $5, $6)
             on conflict (tenant_id, idempotency_key) where idempotency_key is not null do nothing returning id
           ), d as (
             insert into deliveries (${deliveryColumns})
             select * from unnest($7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::int[], $14::int[], $15::int[],
                                  $16::bigint[], $17::bigint[], $18::text[], $19::bigint[], $20::bigint[])
             where exists (select 1 from m)
           ), o as (
             insert into outbox (tenant_id, delivery_id, seq, due_at, carrier, created_at)
             select t.tenant_id, t.delivery_id, t.seq, t.due_at, $25::jsonb, $26
             from unnest($21::text[], $22::text[], $23::int[], $24::bigint[]) as t(tenant_id, delivery_id, seq, due_at)
             where exists (select 1 from m)
             on conflict (delivery_id, seq) do nothing
           )
           select count(*) as n from m`,
          [
            message.id,
            message.tenantId,
            message.eventType,
            message.body,
            message.idempotencyKey,
            message.createdAt,
            ...columnsOf(deliveries),
            pending.map((d) => d.tenantId),
            pending.map((d) => d.id),
            pending.map((d) => d.seq),
            pending.map((d) => d.nextAttemptAt ?? now),
            JSON.stringify(carrier),
            now,
          ],
        )
        .andThen(([row]) =>
          Number(row?.n) === 1
            ? okAsync({ message, created: true })
            : db
                .query<MessageRow>("messages.accept.existing", `select ${messageColumns} from messages where tenant_id = $1 and idempotency_key = $2`, [message.tenantId, message.idempotencyKey])
                .andThen(([existing]) =>
                  existing ? okAsync({ message: messageOf(existing), created: false }) : errAsync(unavailable("postgres", undefined, `message ${message.id} neither stored nor found by its idempotency key`)),
                ),
        );
    },
    acceptMany: (items) =>
      items.length === 0
        ? okAsync([])
        : db.transaction("messages.acceptMany", async (tx) => {
            const inserted = await insertMessages(
              tx,
              items.map((i) => i.message),
            );
            const fresh = items.filter((_, index) => inserted[index]?.created === true).flatMap((i) => i.deliveries);
            await insertDeliveries(tx, fresh, stamp());
            return inserted;
          }),
  };
}

/** The deliveries' values as one array per column, in `deliveryColumns` order (for `unnest`). */
function columnsOf(deliveries: readonly Delivery[]): unknown[][] {
  const columns: unknown[][] = Array.from({ length: 14 }, () => []);
  for (const d of deliveries) deliveryValues(d).forEach((value, i) => columns[i]?.push(value));
  return columns;
}
