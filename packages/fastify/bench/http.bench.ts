import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { Writable } from "node:stream";
import { type BenchResult, defineBench } from "@hexkit/bench";
import { ok, okAsync } from "@hexkit/core";
import { createAsyncContextStore } from "@hexkit/memory";
import { createPinoLogger } from "@hexkit/pino";
import { createPrometheusMetrics } from "@hexkit/prometheus";
import Fastify from "fastify";
import { z } from "zod";
import { createHttpApp, defineRoute } from "../src/index.js";

/**
 * One validated JSON route (POST /items: zod-checked body, 201 with a JSON
 * answer) served four ways in this process: raw node:http (the ceiling),
 * raw Fastify with the same zod validation (the baseline), and
 * @hexkit/fastify with request id, access log (pino to a null stream),
 * RED metrics (prom-client) and the async context store on, once with a
 * handler that answers `okAsync` (as one with I/O does) and once with one
 * that answers a plain `ok` (served without an async step, like the raw
 * Fastify handler). Load comes from
 * a separate process: the autocannon CLI. They are loaded one at a
 * time, in alternating order over the rounds, so drift on a shared machine
 * hits all of them; each figure is the mean of its rounds.
 *
 * Besides requests/s and p99, the notes give the servers' CPU time per
 * request (this process's CPU time over a run divided by the requests
 * answered): on a machine shared with other work, throughput swings with the
 * neighbours, while CPU per request mostly does not.
 */
const rounds = 2;
const secondsPerRound = 3;
const connections = 32;

const Body = z.object({ name: z.string().min(1).max(50), tags: z.array(z.string().max(20)).max(5).default([]) });
const Item = z.object({ id: z.string(), name: z.string(), tags: z.array(z.string()) });
const payload = JSON.stringify({ name: "widget", tags: ["a", "b"] });

async function nodeHttp(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let json: unknown;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        res.writeHead(400).end();
        return;
      }
      const parsed = Body.safeParse(json);
      if (!parsed.success) {
        res.writeHead(422).end();
        return;
      }
      const body = JSON.stringify({ id: parsed.data.name, name: parsed.data.name, tags: parsed.data.tags });
      res.writeHead(201, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/items`,
    close: () => new Promise((resolve) => server.close(() => { resolve(); })),
  };
}

async function rawFastify(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  app.post("/items", (request, reply) => {
    const parsed = Body.safeParse(request.body);
    if (!parsed.success) return reply.code(422).send({ issues: parsed.error.issues });
    return reply.code(201).send({ id: parsed.data.name, name: parsed.data.name, tags: parsed.data.tags });
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/items`, close: () => app.close() };
}

async function hexkit(sync: boolean): Promise<{ url: string; close: () => Promise<void> }> {
  const context = createAsyncContextStore();
  const nowhere = new Writable({ write: (_chunk, _enc, done) => { done(); } });
  const logger = createPinoLogger({ pidAndHostname: false, flushOnSignals: false }, { context, destination: nowhere })._unsafeUnwrap();
  const route = defineRoute({
    method: "POST",
    path: "/items",
    auth: "none",
    schema: { body: Body },
    responses: { 201: Item },
    // The same use case either way; `ok` is a plain Result (no I/O), `okAsync` what a handler with I/O answers.
    handler: ({ body }) => {
      const item = { id: body.name, name: body.name, tags: body.tags };
      return sync ? ok(item) : okAsync(item);
    },
  });
  const app = createHttpApp({
    routes: [route],
    logger,
    metrics: createPrometheusMetrics(),
    context,
    // On: request id, access log, metrics, context, response validation. Off: helmet (measured apart below), health/openapi unused.
    options: { securityHeaders: { enabled: false } },
  });
  const { url } = (await app.listen())._unsafeUnwrap();
  return {
    url: `${url}/items`,
    close: async () => {
      await app.close();
    },
  };
}

interface Sample {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
  /** This process's CPU µs per answered request during the run. */
  readonly cpuUs: number;
}

const autocannonBin = createRequire(import.meta.url).resolve("autocannon/autocannon.js");

/** Runs the autocannon CLI in its own process against `url` and parses its JSON report. */
function load(url: string, seconds: number): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const args = [autocannonBin, "-j", "-c", String(connections), "-d", String(seconds), "-m", "POST", "-H", "content-type=application/json", "-b", payload, url];
    const cpuBefore = process.cpuUsage();
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
    child.on("error", reject);
    child.on("close", (code) => {
      try {
        const cpu = process.cpuUsage(cpuBefore);
        const r = JSON.parse(out) as {
          requests: { average: number; total: number };
          latency: { p50: number; p99: number };
          errors: number;
          timeouts: number;
          non2xx: number;
        };
        resolve({
          rps: r.requests.average,
          p50: r.latency.p50,
          p99: r.latency.p99,
          failed: r.errors + r.timeouts + r.non2xx,
          cpuUs: (cpu.user + cpu.system) / Math.max(1, r.requests.total),
        });
      } catch (cause) {
        reject(new Error(`autocannon exited with ${String(code)} and no JSON report`, { cause }));
      }
    });
  });
}

const names = {
  node: "raw node:http",
  fastify: "raw Fastify + zod",
  hexkit: "@hexkit/fastify, ResultAsync handler (id, log, metrics, context)",
  hexkitSync: "@hexkit/fastify, Result handler (id, log, metrics, context)",
} as const;

export default defineBench({
  kind: "custom",
  group: "http: validated JSON POST",
  baseline: names.fastify,
  targets: { [names.hexkit]: 0.85, [names.hexkitSync]: 0.85 },
  run: async (): Promise<BenchResult[]> => {
    const servers = { node: await nodeHttp(), fastify: await rawFastify(), hexkit: await hexkit(false), hexkitSync: await hexkit(true) };
    try {
      const keys = ["node", "fastify", "hexkit", "hexkitSync"] as const;
      for (const key of keys) await load(servers[key].url, 1);
      const samples: Record<(typeof keys)[number], Sample[]> = { node: [], fastify: [], hexkit: [], hexkitSync: [] };
      for (let i = 0; i < rounds; i++) {
        for (const key of i % 2 === 0 ? keys : [...keys].reverse()) samples[key].push(await load(servers[key].url, secondsPerRound));
      }
      return keys.map((key) => {
        const runs = samples[key];
        const mean = (pick: (s: Sample) => number) => runs.reduce((n, s) => n + pick(s), 0) / runs.length;
        const failed = runs.reduce((n, s) => n + s.failed, 0);
        if (failed > 0) throw new Error(`${names[key]}: ${failed} failed requests`);
        return {
          name: names[key],
          opsPerSec: mean((s) => s.rps),
          p50Ms: mean((s) => s.p50),
          p99Ms: mean((s) => s.p99),
          notes: `server CPU ${mean((s) => s.cpuUs).toFixed(1)} µs/req; autocannon CLI, ${connections} connections, mean of ${rounds} x ${secondsPerRound} s`,
        };
      });
    } finally {
      await Promise.all(Object.values(servers).map((s) => s.close()));
    }
  },
});
