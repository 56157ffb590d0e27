import type { Delivery } from "../../domain/delivery.js";
import type { Tx } from "./pg-database.js";

/** What an outbox row needs besides the delivery: the time and the ambient trace context. */
export interface OutboxStamp {
  readonly now: number;
  readonly carrier: Readonly<Record<string, string>>;
}

/**
 * Writes one outbox row per delivery that is pending: "job (delivery, seq)
 * must reach the queue, due at `nextAttemptAt`". Idempotent on
 * (delivery_id, seq): a row that exists (pending or already relayed) stays.
 * Called inside the transaction that writes the deliveries, which is what
 * makes a stored delivery and its hand-off to the queue one atomic step.
 */
export async function writeOutbox(tx: Pick<Tx, "query">, deliveries: readonly Delivery[], stamp: OutboxStamp): Promise<void> {
  const due = deliveries.filter((d) => d.status === "pending");
  if (due.length === 0) return;
  await tx.query(
    `insert into outbox (tenant_id, delivery_id, seq, due_at, carrier, created_at)
     select t.tenant_id, t.delivery_id, t.seq, t.due_at, $5::jsonb, $6
     from unnest($1::text[], $2::text[], $3::int[], $4::bigint[]) as t(tenant_id, delivery_id, seq, due_at)
     on conflict (delivery_id, seq) do nothing`,
    [
      due.map((d) => d.tenantId),
      due.map((d) => d.id),
      due.map((d) => d.seq),
      due.map((d) => d.nextAttemptAt ?? stamp.now),
      JSON.stringify(stamp.carrier),
      stamp.now,
    ],
  );
}
