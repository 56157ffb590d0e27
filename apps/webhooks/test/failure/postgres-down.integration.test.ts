import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, apiClient, baseEnv, createTestDatabase, createTestRedis, startApp, type TestDatabase, type TestRedis, until } from "./processes.js";
import { startScriptedReceiver } from "./scripted-receiver.js";

let db: TestDatabase;
let redis: TestRedis;
const processes: AppProcess[] = [];

beforeAll(async () => {
  [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
  await redis.start();
});
afterAll(async () => {
  for (const p of processes) p.kill();
  await Promise.all(processes.map((p) => p.exited));
  await redis.stop();
  await db.drop();
});

describe("Failure: PostgreSQL goes away", () => {
  it("answers 503 problem+json without crashing, and accepts and delivers again once it is back", async () => {
    const receiver = await startScriptedReceiver();
    const env = baseEnv(db, redis.url);
    const [api, worker] = await Promise.all([startApp("api", env), startApp("worker", env)]);
    processes.push(api, worker);
    const call = await apiClient(api.url);
    await until("the API to be ready", async () => (await fetch(`${api.url}/readyz`)).status === 200);
    expect((await call("POST", "/v1/endpoints", { url: receiver.url })).status).toBe(201);
    expect((await call("POST", "/v1/messages", { eventType: "a.b", payload: { n: 1 } })).status).toBe(202);
    await until("the first delivery", () => receiver.received.length === 1);

    await db.takeDown();
    const refused = await call("POST", "/v1/messages", { eventType: "a.b", payload: { n: 2 } });
    expect([refused.status, refused.type.split(";")[0], refused.json.status]).toEqual([503, "application/problem+json", 503]);
    expect((await call("GET", "/v1/endpoints")).status).toBe(503);
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${api.url}/readyz`)).status).toBe(503);
    // Long enough for the worker's relay and jobs to hit the closed database.
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await fetch(`${worker.url}/readyz`)).status).toBe(503);
    expect([api.child.exitCode, worker.child.exitCode]).toEqual([null, null]);

    await db.bringUp();
    await until("the API to accept messages again", async () => (await call("POST", "/v1/messages", { eventType: "a.b", payload: { n: 3 } })).status === 202, 20_000, 250);
    await until("the message sent after recovery to be delivered", () => receiver.received.some((r) => r.body === '{"n":3}'), 20_000);
    expect((await fetch(`${worker.url}/readyz`)).status).toBe(200);
    expect([api.child.exitCode, worker.child.exitCode]).toEqual([null, null]);
    await receiver.close();
  }, 60_000);
});
