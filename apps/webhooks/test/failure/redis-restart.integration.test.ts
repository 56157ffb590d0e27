import { waitUntil } from "@hexkit/testing";
import { describe, expect, it } from "vitest";
import { useFailureFixture } from "./failure-fixture.js";
import { apiClient } from "./processes.js";
import { startScriptedReceiver } from "./scripted-receiver.js";

const fixture = useFailureFixture();

describe("Failure: Redis restarts (losing every key) while messages flow", () => {
  it("keeps accepting (the record is in PostgreSQL) and delivers every accepted message once Redis is back", async () => {
    // A slow receiver and two delivery slots keep a backlog in the queue, so the restart loses queued jobs.
    const receiver = await startScriptedReceiver(() => ({ status: 204, delayMs: 200 }));
    // A short overdue time lets the sweep find the jobs the restart lost within seconds.
    const env = fixture.env({ WEBHOOKS__DELIVERY__CONCURRENCY: "2", WEBHOOKS__OUTBOX__OVERDUE_AFTER_MS: "3000" });
    const [api, worker] = await Promise.all([fixture.startApp("api", env), fixture.startApp("worker", env)]);
    const call = await apiClient(api.url);
    await waitUntil(async () => (await fetch(`${api.url}/readyz`)).status === 200 && (await fetch(`${worker.url}/readyz`)).status === 200, { timeoutMs: 20_000, what: "both processes to be ready" });
    expect((await call("POST", "/v1/endpoints", { url: receiver.url })).status).toBe(201);

    const accepted: string[] = [];
    const refused: { status: number; type: string }[] = [];
    const send = async (n: number): Promise<void> => {
      const res = await call("POST", "/v1/messages", { eventType: "load.test", payload: { n } });
      if (res.status === 202) accepted.push((res.json.message as { id: string }).id);
      else refused.push({ status: res.status, type: res.type.split(";")[0] ?? "" });
    };
    const total = 60;
    let redisDownDuring = 0;
    for (let n = 0; n < total; n++) {
      if (n === 20) await fixture.redis.kill();
      if (n >= 20 && n < 40) redisDownDuring += 1;
      if (n === 40) await fixture.redis.restart();
      await send(n);
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(redisDownDuring).toBe(20);
    // Where the design allows, the API keeps working; anything it refuses is a 503 problem.
    expect(refused.filter((r) => r.status !== 503 || r.type !== "application/problem+json")).toEqual([]);
    expect(accepted.length).toBeGreaterThanOrEqual(40);

    // Jobs Redis lost are found again by the outbox's overdue sweep; rows it never got are relayed after the restart.
    await waitUntil(() => accepted.every((id) => receiver.ids().has(id)), { timeoutMs: 45_000, everyMs: 200, what: "every accepted message to be delivered" });
    const swept = worker.lines.filter((l) => l.msg === "rescheduled overdue deliveries whose job was lost");
    expect(swept.length).toBeGreaterThan(0);
    expect([api.child.exitCode, worker.child.exitCode]).toEqual([null, null]);
    await receiver.close();
  }, 90_000);
});
