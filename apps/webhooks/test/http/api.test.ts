/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-explicit-any -- JSON answers are read loosely in assertions; the schemas are checked by the app itself */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeForTest } from "../support/app.js";
import { startReceiver } from "../support/receiver.js";

let app: ReturnType<typeof composeForTest>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let t1: string;
let t2: string;

beforeAll(async () => {
  app = composeForTest();
  receiver = await startReceiver();
  t1 = await app.tokenFor("t1");
  t2 = await app.tokenFor("t2");
});
afterAll(async () => {
  await app.close();
  await receiver.close();
});

type Method = "GET" | "POST" | "PATCH" | "DELETE";
async function call(method: Method, url: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}) {
  const res = await app.app.fastify.inject({
    method,
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: res.statusCode, headers: res.headers, body: res.body ? (JSON.parse(res.body) as Record<string, any>) : undefined };
}
const createEndpoint = async (token = t1, body: Record<string, unknown> = {}) => call("POST", "/v1/endpoints", token, { url: receiver.url(), ...body });

describe("API: auth", () => {
  it("refuses requests without credentials as a problem+json 401", async () => {
    const res = await call("GET", "/v1/endpoints", undefined);
    expect(res.status).toBe(401);
    expect(res.headers["content-type"]).toContain("application/problem+json");
  });

  it("refuses a valid token that names no tenant with 403", async () => {
    const { SignJWT } = await import("jose");
    const noTenant = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("someone")
      .setIssuer(app.token.issuer)
      .setAudience(app.token.audience)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(app.token.secret));
    expect((await call("GET", "/v1/endpoints", noTenant)).status).toBe(403);
  });

  it("refuses a token signed with another secret", async () => {
    const forged = `${t1.slice(0, t1.lastIndexOf("."))}.AAAA`;
    expect((await call("GET", "/v1/endpoints", forged)).status).toBe(401);
  });
});

describe("API: endpoints", () => {
  it("creates an endpoint, answering 201 with its secret and a Location", async () => {
    const res = await createEndpoint(t1, { description: "orders", eventTypes: ["order.created"] });
    expect(res.status).toBe(201);
    expect(res.body?.secret).toMatch(/^whsec_/);
    expect(res.headers.location).toBe(`/v1/endpoints/${res.body?.endpoint.id}`);
    expect(res.body?.endpoint).toMatchObject({ url: receiver.url(), description: "orders", eventTypes: ["order.created"], disabled: false });
  });

  it("refuses URLs the egress guard refuses, with 422", async () => {
    for (const url of ["http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "ftp://example.com/", "http://10.0.0.1/"]) {
      const res = await call("POST", "/v1/endpoints", t1, { url });
      expect(res.status).toBe(422);
      expect(res.body?.issues?.[0]?.code ?? res.body?.errors?.[0]?.code ?? JSON.stringify(res.body)).toContain("egress_refused");
    }
  });

  it("validates input and reports every issue", async () => {
    const res = await call("POST", "/v1/endpoints", t1, { url: receiver.url(), eventTypes: ["bad type!"], rateLimitPerSecond: 0 });
    expect(res.status).toBe(422);
  });

  it("lists a page at a time, gets, updates, rotates and deletes", async () => {
    const a = (await createEndpoint(t1)).body!.endpoint.id as string;
    const b = (await createEndpoint(t1)).body!.endpoint.id as string;
    const first = await call("GET", "/v1/endpoints?limit=1", t1);
    expect(first.body?.data.map((e: { id: string }) => e.id)).toEqual([b]);
    const second = await call("GET", `/v1/endpoints?limit=1&cursor=${first.body?.nextCursor}`, t1);
    expect(second.body?.data.map((e: { id: string }) => e.id)).toEqual([a]);
    expect((await call("PATCH", `/v1/endpoints/${a}`, t1, { description: "changed", disabled: true })).body).toMatchObject({ description: "changed", disabled: true, disabledReason: "manual" });
    const before = (await call("GET", `/v1/endpoints/${a}/secret`, t1)).body?.secret;
    const rotated = await call("POST", `/v1/endpoints/${a}/secret/rotate`, t1, {});
    expect(rotated.status).toBe(200);
    expect(rotated.body?.secret).not.toBe(before);
    expect((await call("DELETE", `/v1/endpoints/${a}`, t1)).status).toBe(204);
    expect((await call("GET", `/v1/endpoints/${a}`, t1)).status).toBe(404);
  });

  it("never shows an endpoint's secret in reads", async () => {
    const id = (await createEndpoint(t1)).body!.endpoint.id as string;
    const res = await call("GET", `/v1/endpoints/${id}`, t1);
    expect(JSON.stringify(res.body)).not.toContain("whsec_");
  });
});

describe("API: messages", () => {
  it("accepts a message with 202, fans it out, and shows each endpoint's delivery status", async () => {
    const endpointId = (await createEndpoint(t1, { eventTypes: ["invoice.paid"] })).body!.endpoint.id as string;
    const before = receiver.delivered.length;
    const res = await call("POST", "/v1/messages", t1, { eventType: "invoice.paid", payload: { amount: 42 } });
    expect(res.status).toBe(202);
    expect(res.body?.message).toMatchObject({ eventType: "invoice.paid", payload: { amount: 42 } });
    await receiver.waitFor(before + 1);
    const id = res.body?.message.id as string;
    let got = await call("GET", `/v1/messages/${id}`, t1);
    for (let i = 0; i < 50 && got.body?.deliveries.some((d: { status: string }) => d.status === "pending"); i++) {
      await new Promise((r) => setTimeout(r, 20));
      got = await call("GET", `/v1/messages/${id}`, t1);
    }
    expect(got.body?.deliveries.find((d: { endpointId: string }) => d.endpointId === endpointId)).toMatchObject({ status: "succeeded", attempts: 1 });
    const attempts = await call("GET", `/v1/messages/${id}/attempts?endpointId=${endpointId}`, t1);
    expect(attempts.body?.data).toHaveLength(1);
    expect(attempts.body?.data[0]).toMatchObject({ statusCode: 204, succeeded: true, endpointId });
  });

  it("honours Idempotency-Key: the repeat answers the same message and sends nothing new", async () => {
    const headers = { "idempotency-key": "order-1001" };
    const first = await call("POST", "/v1/messages", t1, { eventType: "order.created", payload: { id: 1001 } }, headers);
    const again = await call("POST", "/v1/messages", t1, { eventType: "order.created", payload: { id: 1001 } }, headers);
    expect(again.status).toBe(202);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.body?.message.id).toBe(first.body?.message.id);
    const clash = await call("POST", "/v1/messages", t1, { eventType: "order.created", payload: { id: 9 } }, headers);
    expect(clash.status).toBe(409);
    const otherTenant = await call("POST", "/v1/messages", t2, { eventType: "order.created", payload: { id: 1001 } }, headers);
    expect(otherTenant.body?.message.id).not.toBe(first.body?.message.id);
  });

  it("answers 413 for a payload over the limit", async () => {
    const res = await call("POST", "/v1/messages", t1, { eventType: "big", payload: { blob: "x".repeat(300 * 1024) } });
    expect(res.status).toBe(413);
  });

  it("filters messages by event type and time", async () => {
    const since = Date.now();
    await call("POST", "/v1/messages", t1, { eventType: "filter.me", payload: {} });
    const res = await call("GET", `/v1/messages?eventType=filter.me&since=${new Date(since - 1).toISOString()}`, t1);
    expect(res.body?.data.map((m: { eventType: string }) => m.eventType)).toEqual(["filter.me"]);
    const none = await call("GET", `/v1/messages?eventType=filter.me&until=${since - 1}`, t1);
    expect(none.body?.data).toEqual([]);
  });

  it("replays a message to all its endpoints with 202", async () => {
    const endpointId = (await createEndpoint(t1, { eventTypes: ["replay.me"] })).body!.endpoint.id as string;
    const sent = await call("POST", "/v1/messages", t1, { eventType: "replay.me", payload: {} });
    const id = sent.body?.message.id as string;
    const before = receiver.delivered.length;
    const res = await call("POST", `/v1/messages/${id}/replay`, t1, {});
    expect(res.status).toBe(202);
    // Every endpoint that got the message (the ones subscribed to all types too) gets it again.
    expect(res.body?.deliveries.map((d: { endpointId: string }) => d.endpointId)).toContain(endpointId);
    await receiver.waitFor(before + 1);
    expect(receiver.delivered.filter((d) => d.headers["webhook-id"] === id).length).toBeGreaterThanOrEqual(1);
  });
});

describe("API: tenant isolation", () => {
  it("answers 404 to another tenant for every resource, and lists nothing of theirs", async () => {
    const endpointId = (await createEndpoint(t1)).body!.endpoint.id as string;
    const messageId = (await call("POST", "/v1/messages", t1, { eventType: "private.thing", payload: {} })).body!.message.id as string;
    const attempts: [Method, string, unknown?][] = [
      ["GET", `/v1/endpoints/${endpointId}`],
      ["PATCH", `/v1/endpoints/${endpointId}`, { description: "mine now" }],
      ["DELETE", `/v1/endpoints/${endpointId}`],
      ["GET", `/v1/endpoints/${endpointId}/secret`],
      ["POST", `/v1/endpoints/${endpointId}/secret/rotate`, {}],
      ["POST", `/v1/endpoints/${endpointId}/recover`, { since: 0 }],
      ["GET", `/v1/messages/${messageId}`],
      ["GET", `/v1/messages/${messageId}/attempts`],
      ["POST", `/v1/messages/${messageId}/replay`, {}],
      ["POST", `/v1/messages/${messageId}/replay`, { endpointId }],
    ];
    for (const [method, url, body] of attempts) expect([method, url, (await call(method, url, t2, body)).status]).toEqual([method, url, 404]);
    const listed = await call("GET", "/v1/endpoints", t2);
    expect(listed.body?.data.some((e: { id: string }) => e.id === endpointId)).toBe(false);
    const messages = await call("GET", "/v1/messages", t2);
    expect(messages.body?.data.some((m: { id: string }) => m.id === messageId)).toBe(false);
    expect((await call("GET", `/v1/endpoints/${endpointId}`, t1)).status).toBe(200);
  });
});

describe("API: dead letters and recover", () => {
  it("lists dead letters and accepts recover for an endpoint", async () => {
    const endpointId = (await createEndpoint(t1)).body!.endpoint.id as string;
    const dead = await call("GET", `/v1/dead-letters?endpointId=${endpointId}`, t1);
    expect(dead.body).toEqual({ data: [], nextCursor: null });
    const recovered = await call("POST", `/v1/endpoints/${endpointId}/recover`, t1, { since: new Date(0).toISOString() });
    expect(recovered).toMatchObject({ status: 202, body: { recovered: 0 } });
    expect((await call("POST", "/v1/dead-letters/dlv_missing/replay", t1)).status).toBe(404);
  });
});

describe("API: API keys", () => {
  it("accepts a configured API key for its tenant only", async () => {
    const { hashApiKey } = await import("@hexkit/fastify");
    const keyed = composeForTest({ auth: { jwtSecret: "test-secret-that-is-at-least-32-bytes-long", apiKeys: [{ hash: hashApiKey("key-for-t9"), tenantId: "t9" }] } });
    const created = await keyed.app.fastify.inject({ method: "POST", url: "/v1/endpoints", headers: { "x-api-key": "key-for-t9", "content-type": "application/json" }, payload: JSON.stringify({ url: receiver.url() }) });
    expect(created.statusCode).toBe(201);
    const id = (JSON.parse(created.body) as { endpoint: { id: string } }).endpoint.id;
    const asOther = await keyed.app.fastify.inject({ method: "GET", url: `/v1/endpoints/${id}`, headers: { authorization: `Bearer ${await keyed.tokenFor("t1")}` } });
    expect(asOther.statusCode).toBe(404);
    expect((await keyed.app.fastify.inject({ method: "GET", url: "/v1/endpoints", headers: { "x-api-key": "wrong" } })).statusCode).toBe(401);
    await keyed.close();
  });
});
