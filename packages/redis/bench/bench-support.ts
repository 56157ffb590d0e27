// Shared by the Redis bench suites: a populated cache-aside over a real
// Redis, a plain ioredis connection for the baseline, and an interleaved
// runner (cases take turns in rounds, so drift on a shared machine hits all
// of them alike).
import { randomUUID } from "node:crypto";
import { type BenchResult, median, pairedRatios } from "@hexkit/bench";
import { err, invalid, ok, okAsync, type Result, type ValidationError } from "@hexkit/core";
import { Redis } from "ioredis";
import { createRedisCacheAside, createRedisClient, type RedisCacheAside, type RedisClient } from "../src/index.js";

export const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

interface Endpoint {
  readonly id: string;
  readonly url: string;
  readonly events: readonly string[];
}
const endpoints: readonly Endpoint[] = Array.from({ length: 3 }, (_, i) => ({
  id: `ep_${i}`,
  url: `https://example.com/hooks/${i}`,
  events: ["message.created", "message.updated"],
}));
const decode = (raw: unknown): Result<readonly Endpoint[], ValidationError> =>
  Array.isArray(raw) ? ok(raw as Endpoint[]) : err(invalid([], "Expected endpoints"));
export const getOrSetOptions = { ttlMs: 3_600_000, decode };
export const load = () => okAsync(endpoints);
/** What a hand-written reader of the entry does at least: parse the JSON (for the GET + JSON.parse rows). */
export const parseReply = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text));

export interface Fixture {
  readonly keys: readonly string[];
  readonly raw: Redis;
  /** ioredis with its own coalescing (`enableAutoPipelining`), for reference at 100 in flight. */
  readonly rawAutoPipelined: Redis;
  readonly client: RedisClient;
  readonly aside: RedisCacheAside;
  readonly l1: RedisCacheAside;
  /** The Redis key the adapter reads for `key` (what the raw baseline GETs). */
  redisKey(key: string): string;
  close(): Promise<void>;
}

/** Connects, fills `keyCount` keys through getOrSet, and waits for the L1 instance's subscription. */
export async function setUp(keyCount: number): Promise<Fixture> {
  const prefix = `hexkit-bench:${randomUUID()}:`;
  const client = createRedisClient({ url: redisUrl, commandTimeoutMs: 5_000 })._unsafeUnwrap();
  const aside = createRedisCacheAside(client, { keyPrefix: prefix })._unsafeUnwrap();
  const l1 = createRedisCacheAside(client, { keyPrefix: prefix, l1: { maxEntries: 10_000, ttlMs: 3_600_000 } })._unsafeUnwrap();
  const raw = new Redis(redisUrl);
  const rawAutoPipelined = new Redis(redisUrl, { enableAutoPipelining: true });
  const keys = Array.from({ length: keyCount }, (_, i) => `tenant-${i}:endpoints`);
  for (const key of keys) (await aside.getOrSet(key, load, getOrSetOptions))._unsafeUnwrap();
  const deadline = Date.now() + 5_000;
  while (l1.l1?.active() !== true && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return {
    keys,
    raw,
    rawAutoPipelined,
    client,
    aside,
    l1,
    redisKey: (key) => `${prefix}v:${key}`,
    close: async () => {
      let cursor = "0";
      do {
        const [next, found] = await raw.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1_000);
        cursor = next;
        if (found.length > 0) await raw.del(...found);
      } while (cursor !== "0");
      aside.close();
      l1.close();
      raw.disconnect();
      rawAutoPipelined.disconnect();
      await client.close();
    },
  };
}

/** One case: `op(worker)` is one operation; `inFlight` workers run it concurrently. */
export interface Case {
  readonly name: string;
  readonly inFlight: number;
  op(worker: number): unknown;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

interface RoundResult {
  readonly opsPerSec: number;
  readonly cpuUsPerOp: number;
}

async function round(c: Case, ops: number, latencies: number[]): Promise<RoundResult> {
  const perWorker = Math.ceil(ops / c.inFlight);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: c.inFlight }, async (_, w) => {
      for (let i = 0; i < perWorker; i++) {
        const t = performance.now();
        await c.op(w);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const done = perWorker * c.inFlight;
  return { opsPerSec: (done / ms) * 1_000, cpuUsPerOp: (used.user + used.system) / done };
}

/**
 * Warms every case up, then runs `rounds` rounds of `opsPerRound` operations
 * per case, cases taking turns. The figure compared is operations per CPU
 * second of this (the client) process — what the adapter adds to a call is
 * CPU; the wall-clock rate on a shared machine mostly measures the
 * neighbours (and Redis's share of the cores), swinging ±30 % between
 * identical cases in one run. The HTTP benches compare requests per server
 * CPU-second likewise.
 *
 * Two guards against drift, because identical cases measured 10–20 % apart
 * in one run when they always ran in the same order (checked 2026-11 with
 * four copies of one raw GET): the order rotates every round, so each case
 * runs first, second, … equally often; and each case is compared with the
 * first case (the baseline) round by round, its figure being the baseline's
 * median times the median of its per-round ratios (the ratio of the medians
 * goes along, for the verdict to weigh). The case's own median CPU
 * per operation, its wall-clock ops/s and p50/p99 latency over all rounds are
 * in the notes.
 */
export async function runInterleaved(cases: readonly Case[], rounds: number, opsPerRound: number): Promise<BenchResult[]> {
  for (const c of cases) await round(c, Math.min(2_000, opsPerRound), []);
  const results = cases.map(() => ({ rounds: [] as RoundResult[], latencies: [] as number[] }));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (k + r) % cases.length;
      const c = cases[i];
      const t = results[i];
      if (c !== undefined && t !== undefined) t.rounds.push(await round(c, opsPerRound, t.latencies));
    }
  }
  const baseline = results[0]?.rounds ?? [];
  const baselineOpsPerCpuSec = 1e6 / median(baseline.map((x) => x.cpuUsPerOp));
  return cases.map((c, i) => {
    const t = results[i] ?? { rounds: [], latencies: [] };
    const sorted = Float64Array.from(t.latencies).sort();
    const cpuUsPerOp = median(t.rounds.map((x) => x.cpuUsPerOp));
    // Same round, same conditions: this case's ops per CPU-second over the baseline's.
    const ratios = pairedRatios(t.rounds.map((x) => 1 / x.cpuUsPerOp), baseline.map((x) => 1 / x.cpuUsPerOp));
    const wall = median(t.rounds.map((x) => x.opsPerSec));
    return {
      name: c.name,
      opsPerSec: baselineOpsPerCpuSec * (i === 0 ? 1 : ratios.perRound),
      ...(i === 0 ? {} : { otherRatios: [ratios.ofMedians], roundRatios: ratios.rounds }),
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      notes: `ops per client CPU-second: baseline median x median per-round ratio; own median ${cpuUsPerOp.toFixed(1)} µs CPU/op; ${Math.round(wall).toLocaleString("en-US")} ops/s wall-clock; ${c.inFlight} in flight; ${rounds} rounds of ${opsPerRound}, order rotated each round`,
    };
  });
}
