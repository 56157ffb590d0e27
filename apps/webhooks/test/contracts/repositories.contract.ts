import { notFound, ok, err } from "@hexkit/core";
import { describe, expect, it, beforeEach } from "vitest";
import type { DeliveryRepository } from "../../src/adapters/delivery-repository.port.js";
import type { EndpointRepository } from "../../src/adapters/endpoint-repository.port.js";
import type { MessageRepository } from "../../src/adapters/message-repository.port.js";
import { type Attempt, markFailed, newDelivery } from "../../src/domain/delivery.js";
import type { Message } from "../../src/domain/message.js";
import { anEndpoint } from "../fixtures.js";

/** The three repositories an implementation provides, fresh and empty for each test. */
export interface RepositorySet {
  readonly endpoints: EndpointRepository;
  readonly messages: MessageRepository;
  readonly deliveries: DeliveryRepository;
}

const aMessage = (overrides: Partial<Message> = {}): Message => ({
  id: "msg_1",
  tenantId: "t1",
  eventType: "invoice.paid",
  body: '{"a":1}',
  idempotencyKey: null,
  createdAt: 1_000,
  ...overrides,
});

const anAttempt = (overrides: Partial<Attempt> = {}): Attempt => ({
  id: "atmpt_1",
  tenantId: "t1",
  deliveryId: "dlv_1",
  messageId: "msg_1",
  endpointId: "ep_1",
  url: "https://example.com/hook",
  at: 1_000,
  durationMs: 12,
  succeeded: false,
  statusCode: 500,
  error: "HTTP 500",
  responseSnippet: "oops",
  ...overrides,
});

/**
 * The contract every implementation of the webhook repositories passes
 * (memory now; PostgreSQL in part 2): tenant scoping, pagination order,
 * idempotent message inserts, atomic updates. `setup` answers empty repositories.
 */
export function repositoryContract(name: string, setup: () => Promise<RepositorySet>): void {
  describe(`Webhook repositories contract: ${name}`, () => {
    let repos: RepositorySet;
    beforeEach(async () => {
      repos = await setup();
    });

    describe("endpoints", () => {
      it("answers a stored endpoint to its tenant and NotFound to any other", async () => {
        const endpoint = anEndpoint();
        expect(await repos.endpoints.insert(endpoint)).toEqual(ok(undefined));
        expect(await repos.endpoints.get("t1", "ep_1")).toEqual(ok(endpoint));
        expect(await repos.endpoints.get("t2", "ep_1")).toEqual(err(notFound("endpoint", "ep_1")));
      });

      it("lists a tenant's endpoints newest first, a page at a time", async () => {
        for (let i = 1; i <= 3; i++) await repos.endpoints.insert(anEndpoint({ id: `ep_${i}`, createdAt: i }));
        await repos.endpoints.insert(anEndpoint({ id: "ep_other", tenantId: "t2", createdAt: 9 }));
        const first = (await repos.endpoints.list("t1", { limit: 2, after: null }))._unsafeUnwrap();
        expect(first.data.map((e) => e.id)).toEqual(["ep_3", "ep_2"]);
        expect(first.nextCursor).not.toBeNull();
        const second = (await repos.endpoints.list("t1", { limit: 2, after: { createdAt: 2, id: "ep_2" } }))._unsafeUnwrap();
        expect(second).toEqual({ data: [anEndpoint({ id: "ep_1", createdAt: 1 })], nextCursor: null });
      });

      it("finds only enabled endpoints subscribed to an event type", async () => {
        await repos.endpoints.insert(anEndpoint({ id: "ep_all", createdAt: 1 }));
        await repos.endpoints.insert(anEndpoint({ id: "ep_paid", eventTypes: ["invoice.paid"], createdAt: 2 }));
        await repos.endpoints.insert(anEndpoint({ id: "ep_other", eventTypes: ["user.created"], createdAt: 3 }));
        await repos.endpoints.insert(anEndpoint({ id: "ep_off", disabled: true, disabledReason: "manual", createdAt: 4 }));
        await repos.endpoints.insert(anEndpoint({ id: "ep_t2", tenantId: "t2", createdAt: 5 }));
        const found = (await repos.endpoints.listSubscribed("t1", "invoice.paid"))._unsafeUnwrap();
        expect(found.map((e) => e.id)).toEqual(["ep_all", "ep_paid"]);
      });

      it("updates atomically and refuses another tenant's endpoint", async () => {
        await repos.endpoints.insert(anEndpoint());
        const updated = await repos.endpoints.update("t1", "ep_1", (e) => ({ ...e, description: "new" }));
        expect(updated).toEqual(ok(anEndpoint({ description: "new" })));
        expect(await repos.endpoints.update("t2", "ep_1", (e) => ({ ...e, description: "stolen" }))).toEqual(err(notFound("endpoint", "ep_1")));
        expect((await repos.endpoints.get("t1", "ep_1"))._unsafeUnwrap().description).toBe("new");
      });

      it("deletes only the tenant's own endpoint", async () => {
        await repos.endpoints.insert(anEndpoint());
        expect(await repos.endpoints.delete("t2", "ep_1")).toEqual(err(notFound("endpoint", "ep_1")));
        expect(await repos.endpoints.delete("t1", "ep_1")).toEqual(ok(undefined));
        expect(await repos.endpoints.get("t1", "ep_1")).toEqual(err(notFound("endpoint", "ep_1")));
      });
    });

    describe("messages", () => {
      it("stores a message once per idempotency key and tenant", async () => {
        const first = aMessage({ idempotencyKey: "k1" });
        expect(await repos.messages.insert(first)).toEqual(ok({ message: first, created: true }));
        expect(await repos.messages.insert(aMessage({ id: "msg_2", idempotencyKey: "k1" }))).toEqual(ok({ message: first, created: false }));
        const otherTenant = aMessage({ id: "msg_3", tenantId: "t2", idempotencyKey: "k1" });
        expect(await repos.messages.insert(otherTenant)).toEqual(ok({ message: otherTenant, created: true }));
      });

      it("stores messages without a key independently", async () => {
        await repos.messages.insert(aMessage({ id: "msg_1" }));
        expect(await repos.messages.insert(aMessage({ id: "msg_2" }))).toEqual(ok({ message: aMessage({ id: "msg_2" }), created: true }));
      });

      it("hides another tenant's message", async () => {
        await repos.messages.insert(aMessage());
        expect(await repos.messages.get("t2", "msg_1")).toEqual(err(notFound("message", "msg_1")));
      });

      it("lists by event type and time, newest first", async () => {
        await repos.messages.insert(aMessage({ id: "msg_1", createdAt: 1_000 }));
        await repos.messages.insert(aMessage({ id: "msg_2", createdAt: 2_000, eventType: "user.created" }));
        await repos.messages.insert(aMessage({ id: "msg_3", createdAt: 3_000 }));
        const page = { limit: 10, after: null };
        const ids = async (filter: Parameters<MessageRepository["list"]>[1]) =>
          (await repos.messages.list("t1", filter, page))._unsafeUnwrap().data.map((m) => m.id);
        expect(await ids({})).toEqual(["msg_3", "msg_2", "msg_1"]);
        expect(await ids({ eventType: "invoice.paid" })).toEqual(["msg_3", "msg_1"]);
        expect(await ids({ since: 2_000 })).toEqual(["msg_3", "msg_2"]);
        expect(await ids({ until: 2_000 })).toEqual(["msg_1"]);
        expect((await repos.messages.list("t2", {}, page))._unsafeUnwrap().data).toEqual([]);
      });
    });

    describe("deliveries and attempts", () => {
      const delivery = newDelivery({ id: "dlv_1", tenantId: "t1", messageId: "msg_1", endpointId: "ep_1", eventType: "invoice.paid", now: 1_000 });

      it("lists a message's deliveries to its tenant only", async () => {
        const second = newDelivery({ id: "dlv_2", tenantId: "t1", messageId: "msg_1", endpointId: "ep_2", eventType: "invoice.paid", now: 1_001 });
        await repos.deliveries.insertMany([delivery, second]);
        expect(await repos.deliveries.listByMessage("t1", "msg_1")).toEqual(ok([delivery, second]));
        expect(await repos.deliveries.listByMessage("t2", "msg_1")).toEqual(ok([]));
        expect(await repos.deliveries.get("t2", "dlv_1")).toEqual(err(notFound("delivery", "dlv_1")));
      });

      it("lists failed deliveries by endpoint and failure time", async () => {
        const failedEarly = markFailed({ ...delivery, id: "dlv_a" }, "x", 2_000);
        const failedLate = markFailed({ ...delivery, id: "dlv_b" }, "x", 5_000);
        const otherEndpoint = markFailed({ ...delivery, id: "dlv_c", endpointId: "ep_2" }, "x", 5_000);
        await repos.deliveries.insertMany([failedEarly, failedLate, otherEndpoint, { ...delivery, id: "dlv_pending" }]);
        const page = { limit: 10, after: null };
        const ids = async (filter: Parameters<DeliveryRepository["listFailed"]>[1]) =>
          (await repos.deliveries.listFailed("t1", filter, page))._unsafeUnwrap().data.map((d) => d.id);
        expect(await ids({ endpointId: "ep_1" })).toEqual(["dlv_b", "dlv_a"]);
        expect(await ids({ endpointId: "ep_1", since: 3_000 })).toEqual(["dlv_b"]);
        expect((await ids({})).sort()).toEqual(["dlv_a", "dlv_b", "dlv_c"]);
        expect((await repos.deliveries.listFailed("t2", {}, page))._unsafeUnwrap().data).toEqual([]);
      });

      it("updates a delivery atomically, scoped by tenant", async () => {
        await repos.deliveries.insertMany([delivery]);
        expect(await repos.deliveries.update("t2", "dlv_1", (d) => d)).toEqual(err(notFound("delivery", "dlv_1")));
        expect(await repos.deliveries.update("t1", "dlv_1", (d) => ({ ...d, seq: 2 }))).toEqual(ok({ ...delivery, seq: 2 }));
      });

      it("lists a message's attempts newest first, by endpoint, a page at a time", async () => {
        await repos.deliveries.appendAttempt(anAttempt({ id: "atmpt_1", at: 1 }));
        await repos.deliveries.appendAttempt(anAttempt({ id: "atmpt_2", at: 2, endpointId: "ep_2" }));
        await repos.deliveries.appendAttempt(anAttempt({ id: "atmpt_3", at: 3 }));
        await repos.deliveries.appendAttempt(anAttempt({ id: "atmpt_x", at: 4, tenantId: "t2" }));
        const all = (await repos.deliveries.listAttempts("t1", "msg_1", {}, { limit: 2, after: null }))._unsafeUnwrap();
        expect(all.data.map((a) => a.id)).toEqual(["atmpt_3", "atmpt_2"]);
        const rest = (await repos.deliveries.listAttempts("t1", "msg_1", {}, { limit: 2, after: { createdAt: 2, id: "atmpt_2" } }))._unsafeUnwrap();
        expect(rest).toEqual({ data: [anAttempt({ id: "atmpt_1", at: 1 })], nextCursor: null });
        const ep1 = (await repos.deliveries.listAttempts("t1", "msg_1", { endpointId: "ep_1" }, { limit: 10, after: null }))._unsafeUnwrap();
        expect(ep1.data.map((a) => a.id)).toEqual(["atmpt_3", "atmpt_1"]);
      });
    });
  });
}
