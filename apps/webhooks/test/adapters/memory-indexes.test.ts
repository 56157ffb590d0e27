import { ok } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { createMemoryDeliveryRepository } from "../../src/adapters/memory/memory-delivery-repository.js";
import { createMemoryEndpointRepository } from "../../src/adapters/memory/memory-endpoint-repository.js";
import { createMemoryMessageRepository } from "../../src/adapters/memory/memory-message-repository.js";
import { newDelivery } from "../../src/domain/delivery.js";
import { anEndpoint } from "../fixtures.js";

// The memory repositories keep per-message and per-tenant indexes; these pin that every write keeps them true.
describe("memory repositories' indexes", () => {
  const delivery = (id: string, messageId: string, now: number) =>
    newDelivery({ id, tenantId: "t1", messageId, endpointId: "ep_1", eventType: "invoice.paid", now });

  it("answers a message's deliveries as last updated, and none of another message's", async () => {
    const repo = createMemoryDeliveryRepository();
    await repo.insertMany([delivery("dlv_1", "msg_1", 1), delivery("dlv_2", "msg_2", 2), delivery("dlv_3", "msg_1", 3)]);
    const updated = (await repo.update("t1", "dlv_1", (d) => ({ ...d, seq: 2 })))._unsafeUnwrap();
    expect(await repo.listByMessage("t1", "msg_1")).toEqual(ok([updated, delivery("dlv_3", "msg_1", 3)]));
    expect(await repo.listByMessage("t1", "msg_3")).toEqual(ok([]));
  });

  it("answers a delivery once when it is inserted again", async () => {
    const repo = createMemoryDeliveryRepository();
    await repo.insertMany([delivery("dlv_1", "msg_1", 1)]);
    await repo.insertMany([delivery("dlv_1", "msg_1", 1)]);
    expect(await repo.listByMessage("t1", "msg_1")).toEqual(ok([delivery("dlv_1", "msg_1", 1)]));
  });

  it("fans out to endpoints as they are after an update or a delete", async () => {
    const repo = createMemoryEndpointRepository();
    await repo.insert(anEndpoint({ id: "ep_1", createdAt: 1 }));
    await repo.insert(anEndpoint({ id: "ep_2", createdAt: 2 }));
    await repo.insert(anEndpoint({ id: "ep_3", createdAt: 3 }));
    await repo.update("t1", "ep_2", (e) => ({ ...e, disabled: true, disabledReason: "manual" }));
    await repo.delete("t1", "ep_3");
    expect(await repo.listSubscribed("t1", "invoice.paid")).toEqual(ok([anEndpoint({ id: "ep_1", createdAt: 1 })]));
    expect((await repo.list("t1", { limit: 10, after: null }))._unsafeUnwrap().data.map((e) => e.id)).toEqual(["ep_2", "ep_1"]);
  });

  it("lists only the tenant's own messages", async () => {
    const repo = createMemoryMessageRepository();
    const message = { id: "msg_1", tenantId: "t1", eventType: "a", body: "{}", idempotencyKey: null, createdAt: 1 };
    await repo.insert(message);
    await repo.insert({ ...message, id: "msg_2", tenantId: "t2" });
    expect(await repo.list("t1", {}, { limit: 10, after: null })).toEqual(ok({ data: [message], nextCursor: null }));
  });
});
