import { errAsync, notFound, okAsync } from "@hexkit/core";
import type { Message } from "../../domain/message.js";
import { isAfter, newestFirst, toPage } from "../../domain/pagination.js";
import type { MessageRepository } from "../message-repository.port.js";

/**
 * Messages in Maps: the embedded default. Idempotency keys are kept as long
 * as their messages. Messages are also kept per tenant, so a list scans only
 * the tenant's own.
 */
export function createMemoryMessageRepository(): MessageRepository {
  const rows = new Map<string, Message>();
  const byKey = new Map<string, Message>();
  const byTenant = new Map<string, Map<string, Message>>();
  const keyOf = (tenantId: string, key: string): string => `${tenantId}\u0000${key}`;
  return {
    insert(message) {
      if (message.idempotencyKey !== null) {
        const key = keyOf(message.tenantId, message.idempotencyKey);
        const existing = byKey.get(key);
        if (existing) return okAsync({ message: existing, created: false });
        byKey.set(key, message);
      }
      const replaced = rows.get(message.id);
      if (replaced !== undefined && replaced.tenantId !== message.tenantId) byTenant.get(replaced.tenantId)?.delete(message.id);
      rows.set(message.id, message);
      let own = byTenant.get(message.tenantId);
      if (own === undefined) byTenant.set(message.tenantId, (own = new Map<string, Message>()));
      own.set(message.id, message);
      return okAsync({ message, created: true });
    },
    get(tenantId, id) {
      const row = rows.get(id);
      return row?.tenantId === tenantId ? okAsync(row) : errAsync(notFound("message", id));
    },
    list(tenantId, filter, page) {
      const after = page.after;
      const sorted = [...(byTenant.get(tenantId)?.values() ?? [])]
        .filter(
          (m) =>
            (filter.eventType === undefined || m.eventType === filter.eventType) &&
            (filter.since === undefined || m.createdAt >= filter.since) &&
            (filter.until === undefined || m.createdAt < filter.until) &&
            (after === null || isAfter(m, after)),
        )
        .sort(newestFirst);
      return okAsync(toPage(sorted, page.limit));
    },
  };
}
