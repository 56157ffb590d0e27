import { waitUntil } from "@hexkit/testing";
import { describe, expect, it } from "vitest";
import { useFailureFixture } from "./failure-fixture.js";
import { apiClient } from "./processes.js";
import { startScriptedReceiver } from "./scripted-receiver.js";

const fixture = useFailureFixture();

describe("Failure: SIGTERM while deliveries are in flight", () => {
  it("lets the in-flight delivery finish and record its result, then exits 0 within the deadline", async () => {
    const receiver = await startScriptedReceiver(() => ({ status: 200, delayMs: 1_500 }));
    const env = fixture.env({ WEBHOOKS__DELIVERY__STOP_DEADLINE_MS: "5000" });
    const [api, worker] = await Promise.all([fixture.startApp("api", env), fixture.startApp("worker", env)]);
    const call = await apiClient(api.url);
    await waitUntil(async () => (await fetch(`${worker.url}/readyz`)).status === 200, { timeoutMs: 20_000, what: "the worker to be ready" });
    expect((await call("POST", "/v1/endpoints", { url: receiver.url })).status).toBe(201);
    const sent = await call("POST", "/v1/messages", { eventType: "a.b", payload: { n: 1 } });
    const messageId = (sent.json.message as { id: string }).id;
    await waitUntil(() => receiver.received.length === 1, { timeoutMs: 20_000, what: "the delivery to be in flight" });

    const signalled = Date.now();
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    const tookMs = Date.now() - signalled;
    // It waited for the receiver's answer (1.5 s) but not for the 5 s deadline.
    expect(tookMs).toBeGreaterThanOrEqual(1_000);
    expect(tookMs).toBeLessThan(5_000);
    expect(receiver.answered).toHaveLength(1);
    const read = await call("GET", `/v1/messages/${messageId}`);
    expect((read.json.deliveries as { status: string; attempts: number }[]).map((d) => [d.status, d.attempts])).toEqual([["succeeded", 1]]);
    expect(worker.lines.some((l) => l.msg === "delivery worker stopped" && l.drained === 1 && l.abandoned === 0)).toBe(true);

    // The API drains too: SIGTERM answers in-flight requests, then exits 0.
    api.child.kill("SIGTERM");
    expect(await api.exited).toBe(0);
    await receiver.close();
  }, 60_000);
});
