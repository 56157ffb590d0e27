import { errAsync, notFound, okAsync } from "@hexkit/core";
import type { Attempt, Delivery } from "../../domain/delivery.js";
import { isAfter, newestFirst, toPage } from "../../domain/pagination.js";
import type { DeliveryRepository } from "../delivery-repository.port.js";

/**
 * Deliveries and attempts in Maps: the embedded default. A message's
 * deliveries and attempts are indexed by message id, so reading them (an
 * idempotent repeat of `POST /v1/messages`, a message's status or attempts)
 * costs what the message has, not what the process has stored.
 */
export function createMemoryDeliveryRepository(): DeliveryRepository {
  const rows = new Map<string, Delivery>();
  /** Message id -> ids of its deliveries. */
  const byMessage = new Map<string, Set<string>>();
  /** Message id -> its attempts, in the order they were appended. */
  const attemptsByMessage = new Map<string, Attempt[]>();
  const find = (tenantId: string, id: string): Delivery | undefined => {
    const row = rows.get(id);
    return row?.tenantId === tenantId ? row : undefined;
  };
  const store = (id: string, next: Delivery): void => {
    const previous = rows.get(id);
    if (previous !== undefined && previous.messageId !== next.messageId) byMessage.get(previous.messageId)?.delete(id);
    rows.set(id, next);
    let ids = byMessage.get(next.messageId);
    if (ids === undefined) byMessage.set(next.messageId, (ids = new Set<string>()));
    ids.add(id);
  };
  return {
    insertMany(deliveries) {
      for (const d of deliveries) store(d.id, d);
      return okAsync(undefined);
    },
    get(tenantId, id) {
      const row = find(tenantId, id);
      return row ? okAsync(row) : errAsync(notFound("delivery", id));
    },
    listByMessage(tenantId, messageId) {
      const found: Delivery[] = [];
      for (const id of byMessage.get(messageId) ?? []) {
        const d = rows.get(id);
        if (d?.tenantId === tenantId) found.push(d);
      }
      return okAsync(found.sort((a, b) => -newestFirst(a, b)));
    },
    listFailed(tenantId, filter, page) {
      // Dead letters page by when they failed (updatedAt), newest first.
      const keyed = [...rows.values()]
        .filter(
          (d) =>
            d.tenantId === tenantId &&
            d.status === "failed" &&
            (filter.endpointId === undefined || d.endpointId === filter.endpointId) &&
            (filter.since === undefined || d.updatedAt >= filter.since),
        )
        .map((d) => ({ d, createdAt: d.updatedAt, id: d.id }));
      const after = page.after;
      const sorted = keyed.filter((k) => after === null || isAfter(k, after)).sort(newestFirst);
      const taken = toPage(sorted, page.limit);
      return okAsync({ data: taken.data.map((k) => k.d), nextCursor: taken.nextCursor });
    },
    update(tenantId, id, change) {
      const row = find(tenantId, id);
      if (!row) return errAsync(notFound("delivery", id));
      const next = change(row);
      store(id, next);
      return okAsync(next);
    },
    appendAttempt(attempt) {
      let list = attemptsByMessage.get(attempt.messageId);
      if (list === undefined) attemptsByMessage.set(attempt.messageId, (list = []));
      list.push(attempt);
      return okAsync(undefined);
    },
    listAttempts(tenantId, messageId, filter, page) {
      const after = page.after;
      const sorted = (attemptsByMessage.get(messageId) ?? [])
        .filter(
          (a) =>
            a.tenantId === tenantId &&
            a.messageId === messageId &&
            (filter.endpointId === undefined || a.endpointId === filter.endpointId),
        )
        .map((a) => ({ a, createdAt: a.at, id: a.id }))
        .filter((k) => after === null || isAfter(k, after))
        .sort(newestFirst);
      const taken = toPage(sorted, page.limit);
      return okAsync({ data: taken.data.map((k) => k.a), nextCursor: taken.nextCursor });
    },
  };
}
