import { describe, expect, it, onTestFinished } from "vitest";
import { composeForTest } from "../support/app.js";

const ndjson = (lines: readonly unknown[]): string => lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n");

describe("POST /v1/messages/bulk", () => {
  it("accepts the good lines, reports each bad one by line number, and fans the good ones out", async () => {
    const app = composeForTest();
    onTestFinished(() => app.close());
    const auth = { authorization: `Bearer ${await app.tokenFor("t1")}` };
    const created = await app.app.fastify.inject({ method: "POST", url: "/v1/endpoints", headers: auth, payload: { url: "http://127.0.0.1:1/hook" } });
    expect(created.statusCode).toBe(201);
    const body = ndjson([
      { eventType: "invoice.paid", payload: { n: 1 } },
      "{not json",
      { eventType: "bad type!", payload: {} },
      { eventType: "invoice.paid", payload: { n: 2 }, idempotencyKey: "k1" },
      { eventType: "invoice.paid", payload: { n: 2 }, idempotencyKey: "k1" },
      { eventType: "invoice.paid", payload: { n: 3 }, idempotencyKey: "k1" },
    ]);
    const res = await app.app.fastify.inject({ method: "POST", url: "/v1/messages/bulk", headers: { ...auth, "content-type": "application/x-ndjson" }, payload: body });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({
      accepted: 2,
      duplicates: 1,
      rejected: 3,
      deliveries: 2,
      errors: [
        { line: 2, message: "Not valid JSON" },
        { line: 3, message: "eventType: An event type: letters, digits, _ . -, at most 128 characters" },
        { line: 6, message: "This idempotencyKey was used with a different event type or payload" },
      ],
      errorsTruncated: false,
    });
    const listed = await app.app.fastify.inject({ method: "GET", url: "/v1/messages", headers: auth });
    expect(listed.json<{ data: unknown[] }>().data).toHaveLength(2);
  });

  it("refuses a JSON body with a problem naming the media type to use", async () => {
    const app = composeForTest();
    onTestFinished(() => app.close());
    const auth = { authorization: `Bearer ${await app.tokenFor("t1")}` };
    const res = await app.app.fastify.inject({ method: "POST", url: "/v1/messages/bulk", headers: auth, payload: { eventType: "a", payload: 1 } });
    expect(res.statusCode).toBe(422);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.body).toContain("application/x-ndjson");
  });
});
