import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { defineBench } from "@hexkit/bench";
import { freePort } from "@hexkit/testing";
import { Redis } from "ioredis";
import pg from "pg";
import { Agent, request } from "undici";
import { mintToken } from "../src/auth/mint-token.js";
import { postConcurrently, startCountingReceiver } from "./support/receiver.js";

/*
 * The production service under load, as separate processes (role api and
 * role worker) on the real PostgreSQL and Redis:
 *
 * 1. ingest at a fixed (open-loop) rate of twice the documented target:
 *    POST /v1/messages, each fanned out to one endpoint; p50/p95/p99 and errors;
 * 2. delivery throughput: N messages through bulk ingest -> outbox -> relay ->
 *    BullMQ -> worker -> signed POST, until the receiver has them all;
 *    baseline: raw undici POSTs to the same receiver at the worker's concurrency;
 * 3. bulk ingest of many small messages (NDJSON, streamed), with the API
 *    process's peak RSS;
 * 4. the API alone (worker stopped): POST /v1/messages in a closed loop, 8 in
 *    flight, each fanned out to one endpoint; rate and p50/p99.
 *
 * The API is warmed up (2 s of unsubscribed messages) before it is measured.
 * Rates on a shared machine follow its load; the CPU time the API process
 * spends per request (from /proc, noted on rows 1 and 4) is the steadier figure.
 *
 * Knobs (env): WEBHOOKS_BENCH_TARGET_RPS (documented target, default 150: the
 * rate test drives twice it), WEBHOOKS_BENCH_RATE_SECONDS (5),
 * WEBHOOKS_BENCH_DELIVERIES (2000), WEBHOOKS_BENCH_BULK_COUNT (100000; the
 * issue's 1 000 000 takes about 32 s of its own here, over the bench budget).
 */
const targetRps = Number(process.env.WEBHOOKS_BENCH_TARGET_RPS ?? 150);
const rateSeconds = Number(process.env.WEBHOOKS_BENCH_RATE_SECONDS ?? 5);
const deliveries = Number(process.env.WEBHOOKS_BENCH_DELIVERIES ?? 2_000);
const bulkCount = Number(process.env.WEBHOOKS_BENCH_BULK_COUNT ?? 100_000);
const workerConcurrency = 16;
const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const jwtSecret = "bench-secret-that-is-at-least-32-bytes-long";
const appDir = join(import.meta.dirname, "..");

interface Service {
  readonly url: string;
  readonly child: ChildProcess;
  peakRssMb(): number;
  /** CPU time (user + system) the process has used, in ms; NaN where /proc is missing. */
  cpuMs(): number;
  stop(): Promise<void>;
}

async function startService(role: "api" | "worker", tag: string): Promise<Service> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--conditions=@hexkit/source", "--import", "tsx", "src/main.ts"], {
    cwd: appDir,
    env: {
      ...process.env,
      PORT: String(port),
      WEBHOOKS__ROLE: role,
      WEBHOOKS__LOG__LEVEL: "warn",
      WEBHOOKS__POSTGRES__URL: databaseUrl,
      WEBHOOKS__POSTGRES__SCHEMA: tag,
      WEBHOOKS__POSTGRES__POOL_SIZE: "20",
      WEBHOOKS__REDIS__URL: redisUrl,
      WEBHOOKS__REDIS__KEY_PREFIX: tag,
      WEBHOOKS__AUTH__JWT_SECRET: jwtSecret,
      WEBHOOKS__EGRESS__ALLOW: "127.0.0.0/8",
      WEBHOOKS__SERVER__RATE_LIMIT_PER_MINUTE: "0",
      WEBHOOKS__DELIVERY__CONCURRENCY: String(workerConcurrency),
      WEBHOOKS__OUTBOX__POLL_INTERVAL_MS: "20",
      WEBHOOKS__METRICS__ENABLED: "false",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${role} exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) break;
    if (i > 600) throw new Error(`${role} never became ready`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    child,
    peakRssMb: () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid ?? 0}/status`, "utf8"))?.[1] ?? 0) / 1024,
    cpuMs: () => processCpuMs(child.pid ?? 0),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await gone;
    },
  };
}

/** utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, in USER_HZ = 100 ticks a second), in ms. */
function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Raw undici POSTs of a small JSON body to the receiver at the worker's concurrency: the ceiling. */
async function rawUndici(url: string, total: number): Promise<number> {
  const agent = new Agent({ connections: workerConcurrency });
  const started = performance.now();
  await postConcurrently(url, total, workerConcurrency, agent);
  const elapsed = performance.now() - started;
  await agent.close();
  return (total / elapsed) * 1000;
}

/** Open-loop load: `rps` requests a second for `seconds`, whatever the answers' latency. */
async function fixedRate(api: string, auth: Record<string, string>, rps: number, seconds: number) {
  const agent = new Agent({ connections: 256 });
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.round(rps * seconds);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let sent = 0; sent < total; ) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rps));
    for (; sent < due; sent++) {
      const n = sent;
      const t0 = performance.now();
      inFlight.push(
        request(`${api}/v1/messages`, { method: "POST", dispatcher: agent, headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ eventType: "bench.rate", payload: { n } }) }).then(
          async (res) => {
            await res.body.dump();
            if (res.statusCode === 202) latencies.push(performance.now() - t0);
            else errors++;
          },
          () => {
            errors++;
          },
        ),
      );
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.all(inFlight);
  const elapsed = performance.now() - started;
  await agent.close();
  latencies.sort((a, b) => a - b);
  return { achievedRps: (latencies.length / elapsed) * 1000, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), errors, total };
}

/** Closed loop: `connections` requests of `eventType` in flight for `seconds`, each sent when one answers. */
async function closedLoop(api: string, auth: Record<string, string>, eventType: string, connections: number, seconds: number) {
  const agent = new Agent({ connections });
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const res = await request(`${api}/v1/messages`, { method: "POST", dispatcher: agent, headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ eventType, payload: { n: n++ } }) });
        await res.body.dump();
        if (res.statusCode === 202) latencies.push(performance.now() - t0);
        else errors++;
      }
    }),
  );
  const elapsed = performance.now() - started;
  await agent.close();
  latencies.sort((a, b) => a - b);
  return { achievedRps: (latencies.length / elapsed) * 1000, p50: percentile(latencies, 50), p99: percentile(latencies, 99), accepted: latencies.length, errors };
}

/** Streams `count` NDJSON lines to the bulk endpoint; answers the report and the elapsed ms. */
async function bulk(api: string, auth: Record<string, string>, count: number, eventType: string) {
  function* lines(): Generator<string> {
    const chunk = 1_000;
    for (let i = 0; i < count; i += chunk) {
      let text = "";
      for (let j = i; j < Math.min(count, i + chunk); j++) text += `{"eventType":"${eventType}","payload":{"n":${j}}}\n`;
      yield text;
    }
  }
  const started = performance.now();
  const res = await request(`${api}/v1/messages/bulk`, { method: "POST", headers: { ...auth, "content-type": "application/x-ndjson" }, body: Readable.from(lines()), bodyTimeout: 0, headersTimeout: 0 });
  const report = (await res.body.json()) as { accepted?: number; rejected?: number };
  return { status: res.statusCode, report, elapsedMs: performance.now() - started };
}

async function cleanup(tag: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`drop schema if exists ${tag} cascade`);
  await client.end();
  const redis = new Redis(redisUrl);
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${tag}*`, "COUNT", 1_000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== "0");
  await redis.quit();
}

export default defineBench({
  kind: "custom",
  group: "webhooks: production ingest and delivery (api + worker processes, PostgreSQL, Redis, BullMQ)",
  baseline: "raw undici POST to the receiver",
  targets: { "deliveries end to end (bulk -> outbox -> BullMQ -> signed POST)": 0.1 },
  async run() {
    const tag = `hexkit_bench_${randomBytes(5).toString("hex")}`;
    const receiver = await startCountingReceiver();
    const api = await startService("api", tag);
    const worker = await startService("worker", tag);
    try {
      const token = await mintToken({ secret: jwtSecret, issuer: "hexkit-webhooks", audience: "hexkit-webhooks", tenantClaim: "tenant_id" }, { tenantId: "bench" });
      const auth = { authorization: `Bearer ${token}` };
      const created = await request(`${api.url}/v1/endpoints`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ url: receiver.url, eventTypes: ["bench.rate", "bench.deliver"] }) });
      await created.body.dump();
      if (created.statusCode !== 201) throw new Error(`endpoint not created: ${created.statusCode}`);

      const baseline = await rawUndici(receiver.url, deliveries);

      // Warm the API up first (its code runs from TypeScript source, interpreted until the JIT catches up); no endpoint takes this type, so nothing is delivered.
      await closedLoop(api.url, auth, "bench.warm-up", 8, 2);
      const [apiCpu, workerCpu] = [api.cpuMs(), worker.cpuMs()];
      const rate = await fixedRate(api.url, auth, targetRps * 2, rateSeconds);
      const rateApiCpu = api.cpuMs() - apiCpu;
      await receiver.waitFor(rate.total - rate.errors);
      const rateWorkerCpu = worker.cpuMs() - workerCpu;

      const before = receiver.count();
      const started = performance.now();
      const enqueued = await bulk(api.url, auth, deliveries, "bench.deliver");
      await receiver.waitFor(before + (enqueued.report.accepted ?? 0));
      const deliveryRate = ((enqueued.report.accepted ?? 0) / (performance.now() - started)) * 1000;

      const rssBefore = api.peakRssMb();
      const big = await bulk(api.url, auth, bulkCount, "bench.unsubscribed");
      const rssPeak = api.peakRssMb();

      // The API alone: its deliveries stay in the outbox (dropped with the schema).
      await worker.stop();
      const aloneCpu = api.cpuMs();
      const alone = await closedLoop(api.url, auth, "bench.rate", 8, rateSeconds);
      const aloneCpuPerRequest = (api.cpuMs() - aloneCpu) / Math.max(1, alone.accepted);

      return [
        { name: "raw undici POST to the receiver", opsPerSec: baseline, notes: `${deliveries} POSTs, ${workerConcurrency} at a time` },
        {
          name: `ingest POST /v1/messages at 2x target (${targetRps * 2}/s for ${rateSeconds}s)`,
          opsPerSec: rate.achievedRps,
          p50Ms: rate.p50,
          p99Ms: rate.p99,
          notes: `p95 ${rate.p95.toFixed(1)} ms; errors ${rate.errors}/${rate.total}; documented target ${targetRps}/s; CPU: API ${(rateApiCpu / Math.max(1, rate.total - rate.errors)).toFixed(2)} ms/request, worker ${(rateWorkerCpu / Math.max(1, rate.total - rate.errors)).toFixed(2)} ms/delivery`,
        },
        {
          name: "deliveries end to end (bulk -> outbox -> BullMQ -> signed POST)",
          opsPerSec: deliveryRate,
          notes: `${enqueued.report.accepted ?? 0} messages, worker concurrency ${workerConcurrency}`,
        },
        {
          name: `bulk NDJSON ingest (${bulkCount} small messages)`,
          opsPerSec: ((big.report.accepted ?? 0) / big.elapsedMs) * 1000,
          notes: `status ${big.status}, accepted ${big.report.accepted ?? 0}, rejected ${big.report.rejected ?? 0}; API peak RSS ${rssPeak.toFixed(0)} MB (before: ${rssBefore.toFixed(0)} MB; target < 300 MB)`,
        },
        {
          name: "ingest POST /v1/messages, API alone (worker stopped), 8 in flight",
          opsPerSec: alone.achievedRps,
          p50Ms: alone.p50,
          p99Ms: alone.p99,
          notes: `${alone.accepted} accepted, errors ${alone.errors}; API CPU ${aloneCpuPerRequest.toFixed(2)} ms/request`,
        },
      ];
    } finally {
      await api.stop();
      await worker.stop();
      receiver.close();
      await cleanup(tag);
    }
  },
});
