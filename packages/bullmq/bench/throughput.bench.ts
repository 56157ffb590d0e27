// End-to-end job throughput through @hexkit/bullmq against raw BullMQ, in the
// same run, with the same processor (record the job, nothing else), the same
// concurrency, the same job options (removeOnComplete, 5 attempts) and the
// same producer pattern (single adds, 32 in flight). A case starts its worker,
// enqueues N jobs and ends when the handler has seen all N; jobs/s is N over
// that time. Latency is per job, from the enqueue call to the end of its
// handler (under a burst, so it is mostly time spent queued). Cases alternate
// raw/hexkit over four rounds and report the best round of each; `notes` adds
// the median of the four paired ratios (raw and hexkit run back to back) and
// the median CPU time per job of the whole process (producer + worker), both
// of which a noisy neighbour disturbs less than the best wall-clock rate.
import { randomUUID } from "node:crypto";
import { type BenchResult, defineBench } from "@hexkit/bench";
import { okAsync } from "@hexkit/core";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { z } from "zod";
import { createBullmqQueue, createBullmqWorker, defineJobs } from "../src/index.js";

const prefix = "hexkit-bench-bullmq";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const jobs = defineJobs({ work: z.object({ n: z.number().int() }) });
const producersInFlight = 32;

interface Run {
  readonly jobsPerSec: number;
  readonly latenciesMs: Float64Array;
  readonly cpuUsPerJob: number;
}

/** Something that takes jobs until stopped. */
interface Harness {
  enqueue(n: number): Promise<unknown>;
  stop(): Promise<void>;
}

interface Recorder {
  readonly enqueuedAt: Float64Array;
  readonly latencies: Float64Array;
  readonly handled: (n: number) => void;
  readonly all: Promise<void>;
}

function recorder(count: number): Recorder {
  const enqueuedAt = new Float64Array(count);
  const latencies = new Float64Array(count);
  let done = 0;
  let finish: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (finish = resolve));
  return {
    enqueuedAt,
    latencies,
    all,
    handled: (n) => {
      latencies[n] = performance.now() - (enqueuedAt[n] ?? 0);
      done += 1;
      if (done === count) finish();
    },
  };
}

async function rawHarness(concurrency: number, handled: (n: number) => void): Promise<Harness> {
  const name = `raw-${randomUUID()}`;
  const producer = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const consumer = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(name, {
    connection: producer,
    prefix,
    defaultJobOptions: { attempts: 5, backoff: { type: "exponential", delay: 100 }, removeOnComplete: true, removeOnFail: { count: 10_000 } },
  });
  const worker = new Worker(
    name,
    (job: { data: { n: number } }) => {
      handled(job.data.n);
      return Promise.resolve();
    },
    { connection: consumer, prefix, concurrency },
  );
  await worker.waitUntilReady();
  await queue.waitUntilReady();
  return {
    enqueue: (n) => queue.add("work", { n }),
    stop: async () => {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      producer.disconnect();
      consumer.disconnect();
    },
  };
}

async function hexkitHarness(concurrency: number, handled: (n: number) => void): Promise<Harness> {
  const queue = createBullmqQueue(jobs, { queueName: `hexkit-${randomUUID()}`, prefix, redisUrl });
  const worker = createBullmqWorker(queue, {
    work: (job) => {
      handled(job.payload.n);
      return okAsync(undefined);
    },
  }, { concurrency });
  await worker.ready();
  await queue.counts();
  return {
    enqueue: async (n) => {
      const result = await queue.enqueue("work", { n });
      if (result.isErr()) throw new Error(result.error.message);
    },
    stop: async () => {
      await worker.stop();
      await queue.obliterate();
      await queue.close();
    },
  };
}

async function measure(
  build: (concurrency: number, handled: (n: number) => void) => Promise<Harness>,
  concurrency: number,
  count: number,
): Promise<Run> {
  const record = recorder(count);
  const harness = await build(concurrency, record.handled);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  const produce = async (): Promise<void> => {
    while (next < count) {
      const n = next++;
      record.enqueuedAt[n] = performance.now();
      await harness.enqueue(n);
    }
  };
  await Promise.all(Array.from({ length: producersInFlight }, produce));
  await record.all;
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  await harness.stop();
  return { jobsPerSec: (count / elapsedMs) * 1000, latenciesMs: record.latencies, cpuUsPerJob: (cpu.user + cpu.system) / count };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** A row from its best round; a compared row names its baseline and its median paired ratio (weighed by the verdict too). */
function row(name: string, run: Run, notes: string, compared?: { readonly baseline: string; readonly pairedRatio: number }): BenchResult {
  const sorted = Float64Array.from(run.latenciesMs).sort();
  const base = { name, opsPerSec: run.jobsPerSec, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), notes };
  return compared === undefined ? base : { ...base, baseline: compared.baseline, otherRatios: [compared.pairedRatio] };
}

const best = (runs: readonly Run[]): Run => runs.reduce((a, b) => (b.jobsPerSec > a.jobsPerSec ? b : a));
const medianCpu = (runs: readonly Run[]): number => {
  const sorted = runs.map((run) => run.cpuUsPerJob).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const rounds = 4;

const cases = [
  { concurrency: 1, count: 1_000 },
  { concurrency: 50, count: 4_000 },
] as const;

export default defineBench({
  kind: "custom",
  group: "bullmq: jobs end to end",
  baseline: "raw BullMQ, concurrency 1",
  // Each hexkit row is compared with raw BullMQ at the same concurrency.
  targets: { "hexkit, concurrency 1": 0.85, "hexkit, concurrency 50": 0.85 },
  run: async () => {
    await measure(rawHarness, 10, 500); // warm-up: JIT, scripts loaded into Redis
    await measure(hexkitHarness, 10, 500);
    const rows: BenchResult[] = [];
    for (const { concurrency, count } of cases) {
      const raw: Run[] = [];
      const hexkit: Run[] = [];
      for (let round = 0; round < rounds; round++) {
        raw.push(await measure(rawHarness, concurrency, count));
        hexkit.push(await measure(hexkitHarness, concurrency, count));
      }
      const rawBest = best(raw);
      const hexBest = best(hexkit);
      // Each round runs raw then hexkit back to back; the median of those paired ratios resists a noisy neighbour.
      const paired = raw.map((run, i) => (hexkit[i]?.jobsPerSec ?? 0) / run.jobsPerSec).sort((a, b) => a - b);
      const ratio = ((paired[1] ?? 0) + (paired[2] ?? 0)) / 2;
      const rawCpu = medianCpu(raw);
      const hexCpu = medianCpu(hexkit);
      rows.push(row(`raw BullMQ, concurrency ${concurrency}`, rawBest, `${count} jobs, best of ${rounds}; CPU ${rawCpu.toFixed(0)} µs/job`));
      rows.push(
        row(
          `hexkit, concurrency ${concurrency}`,
          hexBest,
          `${count} jobs, best of ${rounds}; median paired ratio ${ratio.toFixed(3)}×; CPU ${hexCpu.toFixed(0)} µs/job (${(rawCpu / hexCpu).toFixed(2)}× raw's efficiency)`,
          { baseline: `raw BullMQ, concurrency ${concurrency}`, pairedRatio: ratio },
        ),
      );
    }
    return rows;
  },
});
