import { conflict, err, notFound, ok, payloadTooLarge } from "@hexkit/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.js";

const url = "https://receiver.test/hook";
let h: Harness;
let endpointId: string;
beforeEach(async () => {
  h = createHarness({ policy: { schedule: [0, 1_000] } });
  endpointId = (await h.services.createEndpoint({ tenantId: "t1", url }))._unsafeUnwrap().endpoint.id;
});
afterEach(async () => {
  await h.close();
});
const send = (payload: unknown = { n: 1 }, idempotencyKey?: string) => h.services.createMessage({ tenantId: "t1", eventType: "invoice.paid", payload, idempotencyKey });

describe("Messages", () => {
  it("accepts a repeat with the same Idempotency-Key once, sending once", async () => {
    const first = (await send({ n: 1 }, "key-1"))._unsafeUnwrap();
    const again = (await send({ n: 1 }, "key-1"))._unsafeUnwrap();
    await h.settle();
    expect(again).toEqual({ ...first, created: false });
    expect(h.received).toHaveLength(1);
  });

  it("refuses an Idempotency-Key reused with a different payload", async () => {
    await send({ n: 1 }, "key-1");
    expect(await send({ n: 2 }, "key-1")).toEqual(err(conflict("This Idempotency-Key was used with a different event type or payload")));
  });

  it("refuses payloads over the size limit", async () => {
    expect(await send({ big: "x".repeat(20_000) })).toEqual(err(payloadTooLarge(10_000)));
  });

  it("counts the size limit in UTF-8 bytes, not characters", async () => {
    // 4 990 two-byte characters: 4 998 characters of JSON, 9 988 bytes; ten more make 10 008 bytes.
    expect((await send({ s: "é".repeat(4_990) })).isOk()).toBe(true);
    expect(await send({ s: "é".repeat(5_000) })).toEqual(err(payloadTooLarge(10_000)));
  });

  it("replays a delivered message to its endpoint with the same webhook-id", async () => {
    const { message } = (await send())._unsafeUnwrap();
    await h.settle();
    const replayed = (await h.services.replayMessage("t1", message.id))._unsafeUnwrap();
    await h.settle();
    expect(replayed.map((d) => d.endpointId)).toEqual([endpointId]);
    expect(h.received.map((r) => r.headers["webhook-id"])).toEqual([message.id, message.id]);
  });

  it("replays to one endpoint, creating its delivery when it never had one", async () => {
    const { message } = (await send())._unsafeUnwrap();
    await h.settle();
    const later = (await h.services.createEndpoint({ tenantId: "t1", url: "https://later.test/" }))._unsafeUnwrap().endpoint.id;
    (await h.services.replayMessage("t1", message.id, later))._unsafeUnwrap();
    await h.settle();
    expect(h.received.map((r) => r.url)).toEqual([url, "https://later.test/"]);
  });

  it("recovers an endpoint's failed deliveries since a time, each once", async () => {
    h.reply(url, 500);
    const early = (await send({ n: 1 }))._unsafeUnwrap().message;
    await h.advance(2_000);
    const since = h.clock.now();
    const late = (await send({ n: 2 }))._unsafeUnwrap().message;
    await h.advance(2_000);
    h.reply(url, 200);
    const before = h.received.length;
    expect(await h.services.recoverEndpoint("t1", endpointId, since)).toEqual(ok({ recovered: 1 }));
    await h.settle();
    expect(h.received.slice(before).map((r) => r.body)).toEqual(['{"n":2}']);
    expect((await h.services.getMessage("t1", late.id))._unsafeUnwrap().deliveries[0]?.status).toBe("succeeded");
    expect((await h.services.getMessage("t1", early.id))._unsafeUnwrap().deliveries[0]?.status).toBe("failed");
    expect((await h.services.recoverEndpoint("t1", endpointId, since))._unsafeUnwrap()).toEqual({ recovered: 0 });
  });

  it("replays a dead letter, and refuses one that is not failed", async () => {
    h.reply(url, 500);
    const { message } = (await send())._unsafeUnwrap();
    await h.advance(2_000);
    const dead = (await h.services.listDeadLetters("t1", {}, {}))._unsafeUnwrap().data[0]!;
    h.reply(url, 204);
    expect((await h.services.replayDeadLetter("t1", dead.id))._unsafeUnwrap().status).toBe("pending");
    await h.settle();
    expect((await h.services.getMessage("t1", message.id))._unsafeUnwrap().deliveries[0]?.status).toBe("succeeded");
    expect(await h.services.replayDeadLetter("t1", dead.id)).toEqual(err(conflict(`Delivery ${dead.id} is succeeded, not failed`)));
  });

  it("lists messages by event type and time, a page at a time", async () => {
    await send({ n: 1 });
    await h.advance(1_000);
    const mid = h.clock.now();
    await h.services.createMessage({ tenantId: "t1", eventType: "user.created", payload: {} });
    await send({ n: 3 });
    const all = (await h.services.listMessages("t1", {}, { limit: 2 }))._unsafeUnwrap();
    expect(all.data).toHaveLength(2);
    const rest = (await h.services.listMessages("t1", {}, { limit: 2, cursor: all.nextCursor! }))._unsafeUnwrap();
    expect(rest.data.map((m) => m.payload)).toEqual([{ n: 1 }]);
    expect(rest.nextCursor).toBeNull();
    expect((await h.services.listMessages("t1", { eventType: "invoice.paid", since: mid }, {}))._unsafeUnwrap().data.map((m) => m.payload)).toEqual([{ n: 3 }]);
  });
});

describe("Tenant isolation", () => {
  it("answers NotFound for every use of another tenant's endpoint, message and delivery", async () => {
    h.reply(url, 500);
    const { message } = (await send())._unsafeUnwrap();
    await h.advance(2_000);
    const dead = (await h.services.listDeadLetters("t1", {}, {}))._unsafeUnwrap().data[0]!;
    const s = h.services;
    expect(await s.getEndpoint("t2", endpointId)).toEqual(err(notFound("endpoint", endpointId)));
    expect(await s.getEndpointSecret("t2", endpointId)).toEqual(err(notFound("endpoint", endpointId)));
    expect(await s.updateEndpoint("t2", endpointId, { description: "mine" })).toEqual(err(notFound("endpoint", endpointId)));
    expect(await s.rotateSecret("t2", endpointId)).toEqual(err(notFound("endpoint", endpointId)));
    expect(await s.deleteEndpoint("t2", endpointId)).toEqual(err(notFound("endpoint", endpointId)));
    expect(await s.recoverEndpoint("t2", endpointId, 0)).toEqual(err(notFound("endpoint", endpointId)));
    expect(await s.getMessage("t2", message.id)).toEqual(err(notFound("message", message.id)));
    expect(await s.listAttempts("t2", message.id, {}, {})).toEqual(err(notFound("message", message.id)));
    expect(await s.replayMessage("t2", message.id)).toEqual(err(notFound("message", message.id)));
    expect(await s.replayDeadLetter("t2", dead.id)).toEqual(err(notFound("delivery", dead.id)));
    expect((await s.listEndpoints("t2", {}))._unsafeUnwrap().data).toEqual([]);
    expect((await s.listMessages("t2", {}, {}))._unsafeUnwrap().data).toEqual([]);
    expect((await s.listDeadLetters("t2", {}, {}))._unsafeUnwrap().data).toEqual([]);
    expect((await s.getEndpoint("t1", endpointId)).isOk()).toBe(true);
  });

  it("never fans a message out to another tenant's endpoints", async () => {
    await h.services.createMessage({ tenantId: "t2", eventType: "invoice.paid", payload: {} });
    await h.settle();
    expect(h.received).toEqual([]);
  });
});

describe("Secret rotation", () => {
  it("signs with the new and the old secret during the grace period, then only the new", async () => {
    const rotated = (await h.services.rotateSecret("t1", endpointId))._unsafeUnwrap();
    await send();
    await h.settle();
    expect(h.received[0]?.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    await h.advance(3_600_000);
    await send({ n: 2 });
    await h.settle();
    expect(h.received[1]?.headers["webhook-signature"]?.split(" ")).toHaveLength(1);
    expect((await h.services.getEndpointSecret("t1", endpointId))._unsafeUnwrap()).toEqual(rotated);
  });
});
