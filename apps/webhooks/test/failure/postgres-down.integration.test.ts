import { waitUntil } from "@hexkit/testing";
import { describe, expect, it } from "vitest";
import { useFailureFixture } from "./failure-fixture.js";
import { apiClient } from "./processes.js";
import { startScriptedReceiver } from "./scripted-receiver.js";

const fixture = useFailureFixture();

describe("Failure: PostgreSQL goes away", () => {
  it("answers 503 problem+json without crashing, and accepts and delivers again once it is back", async () => {
    const receiver = await startScriptedReceiver();
    const env = fixture.env();
    const [api, worker] = await Promise.all([fixture.startApp("api", env), fixture.startApp("worker", env)]);
    const call = await apiClient(api.url);
    await waitUntil(async () => (await fetch(`${api.url}/readyz`)).status === 200, { timeoutMs: 20_000, what: "the API to be ready" });
    expect((await call("POST", "/v1/endpoints", { url: receiver.url })).status).toBe(201);
    expect((await call("POST", "/v1/messages", { eventType: "a.b", payload: { n: 1 } })).status).toBe(202);
    await waitUntil(() => receiver.received.length === 1, { timeoutMs: 20_000, what: "the first delivery" });

    await fixture.db.takeDown();
    const refused = await call("POST", "/v1/messages", { eventType: "a.b", payload: { n: 2 } });
    expect([refused.status, refused.type.split(";")[0], refused.json.status]).toEqual([503, "application/problem+json", 503]);
    expect((await call("GET", "/v1/endpoints")).status).toBe(503);
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${api.url}/readyz`)).status).toBe(503);
    // Long enough for the worker's relay and jobs to hit the closed database.
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await fetch(`${worker.url}/readyz`)).status).toBe(503);
    expect([api.child.exitCode, worker.child.exitCode]).toEqual([null, null]);

    await fixture.db.bringUp();
    await waitUntil(async () => (await call("POST", "/v1/messages", { eventType: "a.b", payload: { n: 3 } })).status === 202, { timeoutMs: 20_000, everyMs: 250, what: "the API to accept messages again" });
    await waitUntil(() => receiver.received.some((r) => r.body === '{"n":3}'), { timeoutMs: 20_000, what: "the message sent after recovery to be delivered" });
    expect((await fetch(`${worker.url}/readyz`)).status).toBe(200);
    expect([api.child.exitCode, worker.child.exitCode]).toEqual([null, null]);
    await receiver.close();
  }, 60_000);
});
