import { waitUntil } from "@hexkit/testing";
import { describe, expect, it } from "vitest";
import { useFailureFixture } from "./failure-fixture.js";
import { apiClient } from "./processes.js";
import { startScriptedReceiver } from "./scripted-receiver.js";

const fixture = useFailureFixture();

describe("Failure: a worker is killed (SIGKILL) in the middle of a delivery", () => {
  it("still delivers: another worker takes the job once its lock expires, with the same webhook-id", async () => {
    // The first request is never answered: the worker that sent it dies waiting.
    const receiver = await startScriptedReceiver((i) => (i === 0 ? "hold" : { status: 204 }));
    // The overdue sweep stays out of the way (baseEnv): this test is about the job's lock expiring.
    const env = fixture.env();
    const [api, first] = await Promise.all([fixture.startApp("api", env), fixture.startApp("worker", env)]);
    const call = await apiClient(api.url);
    await waitUntil(async () => (await fetch(`${api.url}/readyz`)).status === 200, { timeoutMs: 20_000, what: "the API to be ready" });
    expect((await call("POST", "/v1/endpoints", { url: receiver.url })).status).toBe(201);
    const sent = await call("POST", "/v1/messages", { eventType: "order.created", payload: { n: 1 } });
    expect(sent.status).toBe(202);
    const messageId = (sent.json.message as { id: string }).id;

    await waitUntil(() => receiver.received.length === 1, { timeoutMs: 20_000, what: "the first attempt to reach the receiver" });
    first.child.kill("SIGKILL");
    expect(await first.exited).toBeNull();

    await fixture.startApp("worker", env);
    await waitUntil(() => receiver.received.length >= 2, { timeoutMs: 30_000, what: "the delivery to be retried by the second worker" });
    await waitUntil(async () => {
      const read = await call("GET", `/v1/messages/${messageId}`);
      return (read.json.deliveries as { status: string }[] | undefined)?.[0]?.status === "succeeded";
    }, { timeoutMs: 20_000, what: "the delivery to be recorded as succeeded" });
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([messageId, messageId]);
    expect(receiver.answered).toHaveLength(1);
    await receiver.close();
  }, 60_000);
});
