/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are read loosely in assertions */
import { createAsyncContextStore, createRecordingLogger } from "@hexkit/memory";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../src/auth/mint-token.js";
import { compose, type Composition } from "../../src/compose.js";
import { defaultConfig } from "../../src/config.js";
import { startReceiver } from "../support/receiver.js";

/**
 * The logger and the app share one context store (as main.ts wires them), so
 * the delivery worker's log lines carry the correlation id of the request
 * that accepted the message, though they are written later, in a job.
 */
const context = createAsyncContextStore();
const logger = createRecordingLogger({ level: "debug", context });
let service: Composition;
let base: string;
let token: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver();
  const config = defaultConfig({
    auth: { jwtSecret: "correlation-secret-that-is-at-least-32-bytes!" },
    egress: { allow: ["127.0.0.0/8"] },
    server: { rateLimitPerMinute: 0 },
  });
  service = compose(config, { logger, context });
  base = (await service.app.listen({ port: 0, host: "127.0.0.1" }))._unsafeUnwrap().url;
  token = await mintToken(service.token, { tenantId: "acme" });
});
afterAll(async () => {
  await service.close();
  await receiver.close();
});

async function post(path: string, body: unknown, requestId: string): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "x-request-id": requestId },
    body: JSON.stringify(body),
  });
  expect(res.headers.get("x-request-id")).toBe(requestId);
  return res.json();
}

describe("Correlation ids across HTTP and the delivery worker", () => {
  it("carries the accepting request's id into the delivery worker's log lines", async () => {
    await post("/v1/endpoints", { url: receiver.url("/c"), eventTypes: ["order.created"] }, "req-endpoint-1");
    await post("/v1/messages", { eventType: "order.created", payload: { n: 1 } }, "req-message-1");
    await receiver.waitFor(1);
    await expect.poll(() => logger.entries().find((e) => e.msg === "delivery job done")).toBeDefined();
    const done = logger.entries().filter((e) => e.msg === "delivery job done");
    expect(done.map((e) => [e.correlationId, e.tenantId])).toEqual([["req-message-1", "acme"]]);
  });
});
