import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { defineBench } from "@hexkit/bench";
import { Agent, request } from "undici";
import { mintToken } from "../src/auth/mint-token.js";
import { compose } from "../src/compose.js";
import { defaultConfig } from "../src/config.js";
import { createSilentLogger } from "../test/support/silent-logger.js";

// Deliveries per second through the whole service (API accept -> queue ->
// worker -> sign -> undici POST -> record attempt) against raw undici POSTs
// of the same body to the same local receiver at the same concurrency.
const messages = 2_000;
const concurrency = 16;

async function withReceiver<T>(fn: (url: string, waitFor: (n: number) => Promise<void>) => Promise<T>): Promise<T> {
  let count = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      count++;
      res.writeHead(204).end();
      for (const w of waiters) if (count >= w.n) w.resolve();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  try {
    return await fn(url, (n) => (count >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))));
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

async function rawUndici(): Promise<number> {
  return withReceiver(async (url) => {
    const agent = new Agent();
    const body = JSON.stringify({ n: 0 });
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < messages) {
          const res = await request(url, { method: "POST", body, dispatcher: agent, headers: { "content-type": "application/json" } });
          await res.body.dump();
        }
      }),
    );
    const elapsed = performance.now() - started;
    await agent.close();
    return (messages / elapsed) * 1000;
  });
}

async function throughService(viaHttp: boolean): Promise<number> {
  return withReceiver(async (url, waitFor) => {
    const config = defaultConfig({
      auth: { jwtSecret: "bench-secret-that-is-at-least-32-bytes-long" },
      egress: { allow: ["127.0.0.0/8"] },
      server: { rateLimitPerMinute: 0 },
      delivery: { concurrency },
      circuitBreaker: { failureThreshold: 1_000_000 },
    });
    const service = compose(config, { logger: createSilentLogger() });
    const token = await mintToken(service.token, { tenantId: "bench" });
    await service.services.createEndpoint({ tenantId: "bench", url });
    const started = performance.now();
    for (let n = 0; n < messages; n++) {
      if (!viaHttp) {
        (await service.services.createMessage({ tenantId: "bench", eventType: "bench.event", payload: { n } }))._unsafeUnwrap();
        continue;
      }
      const res = await service.app.fastify.inject({
        method: "POST",
        url: "/v1/messages",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        payload: JSON.stringify({ eventType: "bench.event", payload: { n } }),
      });
      if (res.statusCode !== 202) throw new Error(`accept failed: ${res.statusCode}`);
    }
    await waitFor(messages);
    const elapsed = performance.now() - started;
    await service.close();
    return (messages / elapsed) * 1000;
  });
}

export default defineBench({
  kind: "custom",
  group: `webhooks: deliveries end to end (${messages} messages, concurrency ${concurrency}, loopback receiver)`,
  baseline: "raw undici POST",
  targets: { "service: deliver (accepted by the use case)": 0.25, "service: accept over HTTP + deliver": 0.1 },
  run: async () => {
    await rawUndici(); // warm-up
    const raw = await rawUndici();
    const direct = await throughService(false);
    const viaHttp = await throughService(true);
    return [
      { name: "raw undici POST", opsPerSec: raw },
      { name: "service: deliver (accepted by the use case)", opsPerSec: direct, notes: "sign, egress-checked POST, attempt recorded, policy applied" },
      { name: "service: accept over HTTP + deliver", opsPerSec: viaHttp, notes: "adds one sequential inject() per message (auth, validation)" },
    ];
  },
});
