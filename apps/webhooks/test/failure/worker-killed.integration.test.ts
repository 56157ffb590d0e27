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

describe("Failure: a worker is killed (SIGKILL) in the middle of a delivery", () => {
  it("still delivers: another worker takes the job once its lock expires, with the same webhook-id", async () => {
    // The first request is never answered: the worker that sent it dies waiting.
    const receiver = await startScriptedReceiver((i) => (i === 0 ? "hold" : { status: 204 }));
    // The overdue sweep stays out of the way (baseEnv): this test is about the job's lock expiring.
    const env = baseEnv(db, redis.url);
    const [api, first] = await Promise.all([startApp("api", env), startApp("worker", env)]);
    processes.push(api, first);
    const call = await apiClient(api.url);
    await until("the API to be ready", async () => (await fetch(`${api.url}/readyz`)).status === 200);
    expect((await call("POST", "/v1/endpoints", { url: receiver.url })).status).toBe(201);
    const sent = await call("POST", "/v1/messages", { eventType: "order.created", payload: { n: 1 } });
    expect(sent.status).toBe(202);
    const messageId = (sent.json.message as { id: string }).id;

    await until("the first attempt to reach the receiver", () => receiver.received.length === 1);
    first.child.kill("SIGKILL");
    expect(await first.exited).toBeNull();

    processes.push(await startApp("worker", env));
    await until("the delivery to be retried by the second worker", () => receiver.received.length >= 2, 30_000);
    await until("the delivery to be recorded as succeeded", async () => {
      const read = await call("GET", `/v1/messages/${messageId}`);
      return (read.json.deliveries as { status: string }[] | undefined)?.[0]?.status === "succeeded";
    });
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([messageId, messageId]);
    expect(receiver.answered).toHaveLength(1);
    await receiver.close();
  }, 60_000);
});
