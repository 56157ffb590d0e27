import { errAsync, notFound, okAsync } from "@hexkit/core";
import type { Attempt, Delivery } from "../../domain/delivery.js";
import { isAfter, newestFirst, toPage } from "../../domain/pagination.js";
import type { DeliveryRepository } from "../delivery-repository.port.js";

/** Deliveries and attempts in Maps: the embedded default. */
export function createMemoryDeliveryRepository(): DeliveryRepository {
  const rows = new Map<string, Delivery>();
  const attempts: Attempt[] = [];
  const find = (tenantId: string, id: string): Delivery | undefined => {
    const row = rows.get(id);
    return row?.tenantId === tenantId ? row : undefined;
  };
  return {
    insertMany(deliveries) {
      for (const d of deliveries) rows.set(d.id, d);
      return okAsync(undefined);
    },
    get(tenantId, id) {
      const row = find(tenantId, id);
      return row ? okAsync(row) : errAsync(notFound("delivery", id));
    },
    listByMessage(tenantId, messageId) {
      const found = [...rows.values()].filter((d) => d.tenantId === tenantId && d.messageId === messageId);
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
      rows.set(id, next);
      return okAsync(next);
    },
    appendAttempt(attempt) {
      attempts.push(attempt);
      return okAsync(undefined);
    },
    listAttempts(tenantId, messageId, filter, page) {
      const after = page.after;
      const sorted = attempts
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
