import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { deleteKeysByPrefix } from "@hexkit/testing";
import { Redis } from "ioredis";
import pg from "pg";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../src/auth/mint-token.js";
import { compose, type Composition } from "../../src/compose.js";
import { defaultConfig, type WebhooksConfig } from "../../src/config.js";
import { startReceiver } from "../support/receiver.js";
import { createSilentLogger } from "../support/silent-logger.js";
import { testDatabaseUrl } from "./pg-test-schema.js";

/**
 * The production composition against the real PostgreSQL and Redis, with the
 * API and the worker as two separate compositions (what `role: api` and
 * `role: worker` processes run), sharing only the database and Redis.
 */
const tag = `hexkit_test_${randomBytes(6).toString("hex")}`;
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
let api: Composition;
let worker: Composition;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let token: string;
/** A stand-in OTLP/HTTP collector: counts what the API exports. */
const exported: string[] = [];
const collector = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    exported.push(`${req.url ?? ""} ${Buffer.concat(chunks).toString("utf8")}`);
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});

const config = (role: "api" | "worker"): WebhooksConfig =>
  defaultConfig({
    role,
    postgres: { url: testDatabaseUrl, schema: tag, poolSize: 4 },
    redis: { url: redisUrl, keyPrefix: tag },
    auth: { jwtSecret: "production-test-secret-at-least-32-bytes" },
    egress: { allow: ["127.0.0.0/8"] },
    delivery: { schedule: [0, 200, 200], jitterRatio: 0 },
    server: { rateLimitPerMinute: 0 },
    outbox: { pollIntervalMs: 20 },
    ...(role === "api" ? { tracing: { otlpUrl: collectorUrl } } : {}),
  });
let collectorUrl = "";

async function ready(c: Composition): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await c.app.fastify.inject({ method: "GET", url: "/readyz" })).statusCode === 200) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("never ready");
}

beforeAll(async () => {
  await new Promise<void>((r) => collector.listen(0, "127.0.0.1", r));
  collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`;
  receiver = await startReceiver();
  api = compose(config("api"), { logger: createSilentLogger() });
  worker = compose(config("worker"), { logger: createSilentLogger() });
  await ready(api);
  await ready(worker);
  token = await mintToken(api.token, { tenantId: "acme" });
});

afterAll(async () => {
  collector.close();
  await api.close();
  await worker.close();
  await receiver.close();
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`drop schema if exists ${tag} cascade`);
  await admin.end();
  const redis = new Redis(redisUrl);
  await deleteKeysByPrefix(redis, tag);
  await redis.quit();
});

const call = async (method: string, url: string, payload?: object) => {
  const res = await api.app.fastify.inject({ method: method as "GET", url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, json: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {} };
};

describe("Production wiring: separate API and worker on PostgreSQL, Redis and BullMQ", () => {
  it("migrates on start, accepts a message in the API, and the worker delivers it signed", async () => {
    const endpoint = await call("POST", "/v1/endpoints", { url: receiver.url("/a"), eventTypes: ["invoice.paid"] });
    expect(endpoint.status).toBe(201);
    const secret = endpoint.json.secret as string;
    const sent = await call("POST", "/v1/messages", { eventType: "invoice.paid", payload: { amount: 5 } });
    expect(sent.status).toBe(202);
    await receiver.waitFor(1);
    const got = receiver.delivered[0];
    expect(got?.body).toBe('{"amount":5}');
    expect(new Webhook(secret).verify(got?.body ?? "", got?.headers as Record<string, string>)).toEqual({ amount: 5 });
    expect(got?.headers["webhook-id"]).toBe((sent.json.message as { id: string }).id);
  });

  it("serves /metrics with request, queue and delivery series", async () => {
    // The job records its outcome just after the receiver answered: read until it is there.
    let metrics = await worker.app.fastify.inject({ method: "GET", url: "/metrics" });
    for (let i = 0; i < 100 && !metrics.body.includes('result="succeeded"'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      metrics = await worker.app.fastify.inject({ method: "GET", url: "/metrics" });
    }
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(/webhook_delivery_jobs_total\{[^}]*result="succeeded"[^}]*\} 1/);
    expect(metrics.body).toMatch(/webhook_outbox_relayed_total\{[^}]*\} [1-9]/);
    expect(metrics.body).toContain("job_run_duration");
    const apiMetrics = await api.app.fastify.inject({ method: "GET", url: "/metrics" });
    expect(apiMetrics.body).toContain("http_requests_total");
  });

  it("exports the API's spans over OTLP when tracing.otlpUrl is set", async () => {
    // Closing flushes the batch of finished spans.
    await api.close();
    expect(exported.some((e) => e.startsWith("/v1/traces") && e.includes("POST /v1/messages"))).toBe(true);
  });

  it("answers only health and metrics on a worker: the API is not there", async () => {
    expect((await worker.app.fastify.inject({ method: "GET", url: "/v1/endpoints" })).statusCode).toBe(404);
  });
});

describe("Production wiring: PostgreSQL alone (one process, queue in memory)", () => {
  it("delivers through the outbox relay to the in-process queue", async () => {
    const single = compose(
      defaultConfig({
        postgres: { url: testDatabaseUrl, schema: `${tag}_single`, poolSize: 2 },
        auth: { jwtSecret: "production-test-secret-at-least-32-bytes" },
        egress: { allow: ["127.0.0.0/8"] },
        server: { rateLimitPerMinute: 0 },
        outbox: { pollIntervalMs: 20 },
      }),
      { logger: createSilentLogger() },
    );
    try {
      await ready(single);
      const auth = { authorization: `Bearer ${await mintToken(single.token, { tenantId: "solo" })}` };
      const before = receiver.delivered.length;
      expect((await single.app.fastify.inject({ method: "POST", url: "/v1/endpoints", headers: auth, payload: { url: receiver.url("/solo") } })).statusCode).toBe(201);
      expect((await single.app.fastify.inject({ method: "POST", url: "/v1/messages", headers: auth, payload: { eventType: "x.y", payload: { solo: true } } })).statusCode).toBe(202);
      await receiver.waitFor(before + 1);
      expect(receiver.delivered.at(-1)?.path).toBe("/solo");
    } finally {
      await single.close();
      const admin = new pg.Client({ connectionString: testDatabaseUrl });
      await admin.connect();
      await admin.query(`drop schema if exists ${tag}_single cascade`);
      await admin.end();
    }
  });
});
