/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-explicit-any -- JSON answers are read loosely in assertions; the app checks its own schemas */
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../src/auth/mint-token.js";
import { compose, type Composition } from "../../src/compose.js";
import { defaultConfig } from "../../src/config.js";
import { createSilentLogger } from "../support/silent-logger.js";
import { startReceiver } from "../support/receiver.js";

/**
 * End to end: the service listens on a real loopback port, the API is called
 * over HTTP, and deliveries arrive at a real receiver, where every signature
 * is verified with the official `standardwebhooks` library.
 */
let service: Composition;
let base: string;
let token: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let flaky: Awaited<ReturnType<typeof startReceiver>>;
let flakyCalls = 0;

beforeAll(async () => {
  receiver = await startReceiver();
  flaky = await startReceiver(() => (++flakyCalls <= 2 ? 503 : 200));
  const config = defaultConfig({
    auth: { jwtSecret: "e2e-secret-that-is-at-least-32-bytes-long!" },
    egress: { allow: ["127.0.0.0/8"] },
    delivery: { schedule: [0, 100, 200, 300], jitterRatio: 0 },
    server: { rateLimitPerMinute: 0 },
  });
  service = compose(config, { logger: createSilentLogger() });
  const listening = await service.app.listen({ port: 0, host: "127.0.0.1" });
  base = listening._unsafeUnwrap().url;
  token = await mintToken(service.token, { tenantId: "acme" });
});
afterAll(async () => {
  await service.close();
  await receiver.close();
  await flaky.close();
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const verifyAll = (secret: string, deliveries: typeof receiver.delivered) =>
  deliveries.map((d) => new Webhook(secret).verify(d.body, d.headers as Record<string, string>));

describe("End to end on loopback", () => {
  it("delivers signed messages that the official standardwebhooks library verifies", async () => {
    const created = await api("POST", "/v1/endpoints", { url: receiver.url("/orders"), eventTypes: ["order.created"] });
    expect(created.status).toBe(201);
    const secret = created.json.secret as string;
    const ids: string[] = [];
    for (let n = 1; n <= 5; n++) {
      const sent = await api("POST", "/v1/messages", { eventType: "order.created", payload: { order: n } });
      expect(sent.status).toBe(202);
      ids.push(sent.json.message.id as string);
    }
    await receiver.waitFor(5);
    const arrived = receiver.delivered.filter((d) => d.path === "/orders");
    expect(verifyAll(secret, arrived).map((p) => (p as { order: number }).order).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(arrived.map((d) => d.headers["webhook-id"]).sort()).toEqual([...ids].sort());
    expect(arrived.every((d) => d.headers["content-type"] === "application/json")).toBe(true);
  });

  it("retries a failing receiver with the same webhook-id and a valid signature each time", async () => {
    const created = await api("POST", "/v1/endpoints", { url: flaky.url("/flaky"), eventTypes: ["invoice.paid"] });
    const sent = await api("POST", "/v1/messages", { eventType: "invoice.paid", payload: { invoice: "inv_1" } });
    await flaky.waitFor(3);
    expect(flaky.delivered.map((d) => d.headers["webhook-id"])).toEqual([sent.json.message.id, sent.json.message.id, sent.json.message.id]);
    expect(verifyAll(created.json.secret as string, flaky.delivered)).toHaveLength(3);
    let message = await api("GET", `/v1/messages/${sent.json.message.id}`);
    for (let i = 0; i < 50 && message.json.deliveries[0].status === "pending"; i++) {
      await new Promise((r) => setTimeout(r, 20));
      message = await api("GET", `/v1/messages/${sent.json.message.id}`);
    }
    expect(message.json.deliveries[0]).toMatchObject({ status: "succeeded", attempts: 3 });
  });

  it("signs with both secrets after a rotation, so old and new verify", async () => {
    const created = await api("POST", "/v1/endpoints", { url: receiver.url("/rotating"), eventTypes: ["user.updated"] });
    const oldSecret = created.json.secret as string;
    const rotated = await api("POST", `/v1/endpoints/${created.json.endpoint.id}/secret/rotate`, {});
    const before = receiver.delivered.length;
    await api("POST", "/v1/messages", { eventType: "user.updated", payload: { user: "u1" } });
    await receiver.waitFor(before + 1);
    const arrived = receiver.delivered.filter((d) => d.path === "/rotating");
    expect(verifyAll(oldSecret, arrived)).toEqual([{ user: "u1" }]);
    expect(verifyAll(rotated.json.secret as string, arrived)).toEqual([{ user: "u1" }]);
  });

  it("refuses an endpoint on a loopback address outside the allowlist, and the metadata address", async () => {
    expect((await api("POST", "/v1/endpoints", { url: "http://[::1]:9/" })).status).toBe(422);
    expect((await api("POST", "/v1/endpoints", { url: "http://169.254.169.254/latest/meta-data/" })).status).toBe(422);
  });
});
