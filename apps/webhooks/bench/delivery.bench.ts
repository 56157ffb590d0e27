import { performance } from "node:perf_hooks";
import { defineBench } from "@hexkit/bench";
import { Agent } from "undici";
import { mintToken } from "../src/auth/mint-token.js";
import { compose } from "../src/compose.js";
import { defaultConfig } from "../src/config.js";
import { createSilentLogger } from "../test/support/silent-logger.js";
import { postConcurrently, startCountingReceiver } from "./support/receiver.js";

// Deliveries per second through the whole service (API accept -> queue ->
// worker -> sign -> undici POST -> record attempt) against raw undici POSTs
// of the same body to the same local receiver at the same concurrency.
// Every case gets a full warm-up run first (the service's would otherwise be
// its JIT warm-up), and each row notes the process CPU per delivery, receiver
// included: on a shared machine the CPU cost moves less than the rate.
const messages = 2_000;
const concurrency = 16;

/** What one measured run gives: deliveries per second and CPU (user + system) per delivery in µs. */
interface Run {
  readonly opsPerSec: number;
  readonly cpuUs: number;
}

function measure(count: number): () => Run {
  const started = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const elapsed = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { opsPerSec: (count / elapsed) * 1000, cpuUs: (used.user + used.system) / count };
  };
}

async function withReceiver<T>(fn: (url: string, waitFor: (n: number) => Promise<void>) => Promise<T>): Promise<T> {
  const receiver = await startCountingReceiver();
  try {
    return await fn(receiver.url, receiver.waitFor);
  } finally {
    receiver.close();
  }
}

async function rawUndici(count = messages): Promise<Run> {
  return withReceiver(async (url) => {
    const agent = new Agent();
    const done = measure(count);
    await postConcurrently(url, count, concurrency, agent);
    const run = done();
    await agent.close();
    return run;
  });
}

async function throughService(viaHttp: boolean, count = messages): Promise<Run> {
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
    const done = measure(count);
    for (let n = 0; n < count; n++) {
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
    await waitFor(count);
    const run = done();
    await service.close();
    return run;
  });
}

const cpuNote = (run: Run, raw: Run): string => `CPU ${run.cpuUs.toFixed(0)} µs/delivery (raw ${raw.cpuUs.toFixed(0)})`;

export default defineBench({
  kind: "custom",
  group: `webhooks: deliveries end to end (${messages} messages, concurrency ${concurrency}, loopback receiver)`,
  baseline: "raw undici POST",
  targets: { "service: deliver (accepted by the use case)": 0.25, "service: accept over HTTP + deliver": 0.1 },
  run: async () => {
    await rawUndici();
    // Raw first: the service's AsyncLocalStorage turns on promise hooks for the whole process, which
    // would slow the baseline down too and flatter the ratios.
    const raw = await rawUndici();
    await throughService(false);
    await throughService(true);
    const direct = await throughService(false);
    const viaHttp = await throughService(true);
    return [
      { name: "raw undici POST", opsPerSec: raw.opsPerSec, notes: `CPU ${raw.cpuUs.toFixed(0)} µs/request, receiver included` },
      {
        name: "service: deliver (accepted by the use case)",
        opsPerSec: direct.opsPerSec,
        notes: `accept, queue, sign, egress-checked POST, attempt recorded, policy applied; ${cpuNote(direct, raw)}`,
      },
      {
        name: "service: accept over HTTP + deliver",
        opsPerSec: viaHttp.opsPerSec,
        notes: `adds one sequential inject() per message (auth, validation); ${cpuNote(viaHttp, raw)}`,
      },
    ];
  },
});
