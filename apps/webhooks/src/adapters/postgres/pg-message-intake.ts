import type { MessageIntake } from "../../outbox/message-intake.port.js";
import { insertDeliveries, type PgRepositoryDeps, stampOf } from "./pg-delivery-repository.js";
import type { PgDatabase } from "./pg-database.js";
import { insertMessage, insertMessages } from "./pg-message-repository.js";
import { okAsync } from "@hexkit/core";

/**
 * The durable intake: one transaction inserts the message (idempotent on its
 * key), its deliveries, and an outbox row per delivery. Once it commits, the
 * relay will put every delivery's job on the queue, even if this process
 * dies the next instant; if it does not commit, nothing of the message is
 * stored and the client may safely send it again.
 */
export function createPgMessageIntake(db: PgDatabase, deps: PgRepositoryDeps = {}): MessageIntake {
  const stamp = stampOf(deps);
  return {
    accept: (message, deliveries) =>
      db.transaction("messages.accept", async (tx) => {
        const inserted = await insertMessage(tx, message);
        if (inserted.created) await insertDeliveries(tx, deliveries, stamp());
        return inserted;
      }),
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
