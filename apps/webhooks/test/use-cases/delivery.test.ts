import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.js";

const url = "https://receiver.test/hook";
let h: Harness;
afterEach(async () => {
  await h.close();
});

async function setup(options: Parameters<typeof createHarness>[0] = {}, endpoint: { eventTypes?: string[]; rateLimitPerSecond?: number } = {}) {
  h = createHarness(options);
  const created = (await h.services.createEndpoint({ tenantId: "t1", url, ...endpoint }))._unsafeUnwrap();
  return created;
}
const send = async (eventType = "invoice.paid", payload: unknown = { n: 1 }) =>
  (await h.services.createMessage({ tenantId: "t1", eventType, payload }))._unsafeUnwrap();
const deliveryOf = async (messageId: string) => (await h.services.getMessage("t1", messageId))._unsafeUnwrap().deliveries[0]!;
const minute = 60_000;

describe("Delivery", () => {
  it("fans a message out to every enabled, subscribed endpoint, signed per Standard Webhooks", async () => {
    const { secret } = await setup();
    await h.services.createEndpoint({ tenantId: "t1", url: "https://paid.test/", eventTypes: ["invoice.paid"] });
    await h.services.createEndpoint({ tenantId: "t1", url: "https://other.test/", eventTypes: ["user.created"] });
    await h.services.createEndpoint({ tenantId: "t2", url: "https://tenant2.test/" });
    const accepted = await send();
    await h.settle();
    expect(accepted.deliveries).toBe(2);
    expect(h.received.map((r) => r.url).sort()).toEqual(["https://paid.test/", url]);
    const first = h.received.find((r) => r.url === url)!;
    expect(first.headers["webhook-id"]).toBe(accepted.message.id);
    // The fake clock is in the past, beyond the library's 5-minute tolerance: compare with its signature instead.
    const timestamp = Number(first.headers["webhook-timestamp"]);
    expect(timestamp).toBe(Math.floor(h.clock.now() / 1000));
    expect(first.headers["webhook-signature"]).toBe(new Webhook(secret).sign(accepted.message.id, new Date(timestamp * 1000), first.body));
  });

  it("retries on the schedule until the receiver answers 2xx, with the same webhook-id", async () => {
    await setup();
    h.reply(url, 500, 500, 200);
    const { message } = await send();
    await h.settle();
    const t0 = h.clock.now();
    await h.advance(4_999);
    expect(h.received).toHaveLength(1);
    await h.advance(1);
    expect(h.received).toHaveLength(2);
    await h.advance(5 * minute - 1);
    expect(h.received).toHaveLength(2);
    await h.advance(1);
    expect(h.received.map((r) => r.at - t0)).toEqual([0, 5_000, 305_000]);
    expect(new Set(h.received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([message.id]));
    expect(await deliveryOf(message.id)).toMatchObject({ status: "succeeded", attempts: 3 });
    const attempts = (await h.services.listAttempts("t1", message.id, {}, {}))._unsafeUnwrap();
    expect(attempts.data.map((a) => a.statusCode)).toEqual([200, 500, 500]);
  });

  it("dead-letters a delivery once the schedule is used up", async () => {
    await setup({ policy: { schedule: [0, 1_000, 2_000] } });
    h.reply(url, 503);
    const { message } = await send();
    await h.advance(10_000);
    expect(h.received).toHaveLength(3);
    expect(await deliveryOf(message.id)).toMatchObject({ status: "failed", failureReason: "Retries exhausted after 3 attempts; last: HTTP 503" });
    const dead = (await h.services.listDeadLetters("t1", {}, {}))._unsafeUnwrap();
    expect(dead.data.map((d) => d.messageId)).toEqual([message.id]);
  });

  it("disables the endpoint on 410 Gone and stops sending to it", async () => {
    const { endpoint } = await setup();
    h.reply(url, 410);
    const { message } = await send();
    await h.settle();
    expect(await h.services.getEndpoint("t1", endpoint.id)).toMatchObject({ value: { disabled: true, disabledReason: "gone" } });
    expect(await deliveryOf(message.id)).toMatchObject({ status: "failed", failureReason: "The endpoint answered 410 Gone" });
    expect((await send()).deliveries).toBe(0);
    await h.advance(60 * minute);
    expect(h.received).toHaveLength(1);
  });

  it("waits as long as Retry-After asks on 429", async () => {
    await setup();
    h.reply(url, { status: 429, retryAfter: "120" }, 200);
    await send();
    await h.settle();
    await h.advance(119_999);
    expect(h.received).toHaveLength(1);
    await h.advance(1);
    expect(h.received).toHaveLength(2);
  });

  it("retries timeouts and network errors", async () => {
    await setup();
    h.reply(url, { kind: "timeout", message: "no answer" }, { kind: "network", message: "ECONNRESET" }, 200);
    const { message } = await send();
    await h.advance(5_000);
    await h.advance(5 * minute);
    expect(await deliveryOf(message.id)).toMatchObject({ status: "succeeded", attempts: 3 });
    const attempts = (await h.services.listAttempts("t1", message.id, {}, {}))._unsafeUnwrap();
    expect(attempts.data.map((a) => a.error)).toEqual([null, "network: ECONNRESET", "timeout: no answer"]);
  });

  it("disables an endpoint that has failed without a success for the configured period", async () => {
    const { endpoint } = await setup({ policy: { disableAfterMs: 10 * minute } });
    h.reply(url, 500);
    const { message } = await send();
    await h.advance(5_000); // second attempt
    await h.advance(5 * minute); // third attempt: failing for 5m05s
    expect((await h.services.getEndpoint("t1", endpoint.id))._unsafeUnwrap().disabled).toBe(false);
    await h.advance(30 * minute); // fourth attempt: failing for over 10 minutes
    expect(await h.services.getEndpoint("t1", endpoint.id)).toMatchObject({ value: { disabled: true, disabledReason: "failing" } });
    expect((await deliveryOf(message.id)).status).toBe("failed");
  });

  it("holds deliveries back while the endpoint's circuit is open, then delivers every one", async () => {
    await setup({ breaker: { failureThreshold: 2, coolDownMs: 60_000 } });
    h.reply(url, 500, 500, 200);
    const a = await send("invoice.paid", { n: 1 });
    const b = await send("invoice.paid", { n: 2 });
    await h.settle();
    expect(h.received).toHaveLength(2); // both failed: the circuit is now open
    const c = await send("invoice.paid", { n: 3 });
    await h.advance(30_000);
    expect(h.received).toHaveLength(2); // retries and the new message are held, not sent, not dropped
    expect(await deliveryOf(c.message.id)).toMatchObject({ status: "pending", attempts: 0 });
    await h.advance(40_000); // cool-down over: one probe, it succeeds, the circuit closes
    await h.advance(5 * minute);
    for (const m of [a, b, c]) expect((await deliveryOf(m.message.id)).status).toBe("succeeded");
    expect(h.received.filter((r) => r.body === '{"n":3}')).toHaveLength(1);
  });

  it("holds deliveries back by the endpoint's rate limit instead of dropping them", async () => {
    await setup({}, { rateLimitPerSecond: 2 });
    for (let n = 0; n < 5; n++) await send("invoice.paid", { n });
    await h.settle();
    expect(h.received).toHaveLength(2);
    await h.advance(1_500);
    expect(h.received).toHaveLength(4);
    await h.advance(1_500);
    expect(h.received).toHaveLength(5);
  });
});
