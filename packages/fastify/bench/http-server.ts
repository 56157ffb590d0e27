// Child process of http.bench.ts: serves POST /items in the variant named by
// argv[2] and reports its URL and, on request, its CPU time over IPC. One
// process per variant: on Node 20 an enabled AsyncLocalStorage taxes every
// promise of its process, so a raw Fastify sharing a process with a hexkit
// app would pay for hexkit's context store (and flatter the ratio).
// Also runnable alone for profiling:
//   node --conditions=@hexkit/source --import tsx --cpu-prof bench/http-server.ts hexkit
// Every variant runs from TypeScript source under tsx, not from the built
// packages (tsup's dist) that production runs. Checked: tsx compiles with
// esbuild's keepNames, whose `__name` calls run where a named function or
// class is defined (module load, route mount, logger creation), never per
// request on this path; the same servers bundled with esbuild as tsup builds
// them (no keepNames, @hexkit/* inlined) measured within the noise of the
// TypeScript ones (2026-11, 8 alternating rounds; ratios within ±0.1).
import { AsyncLocalStorage } from "node:async_hooks";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { calibrationSpin, serveParent } from "@hexkit/bench";
import { ok, okAsync } from "@hexkit/core";
import { createAsyncContextStore } from "@hexkit/memory";
import { createPinoLogger } from "@hexkit/pino";
import { createPrometheusMetrics } from "@hexkit/prometheus";
import Fastify from "fastify";
import { pino } from "pino";
import { Counter, Histogram, Registry } from "prom-client";
import { z } from "zod";
import { createHttpApp, defineRoute } from "../src/index.js";

const Body = z.object({ name: z.string().min(1).max(50), tags: z.array(z.string().max(20)).max(5).default([]) });
const Item = z.object({ id: z.string(), name: z.string(), tags: z.array(z.string()) });

interface Served {
  readonly url: string;
  close(): Promise<void>;
}

async function nodeHttp(): Promise<Served> {
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

/** Busy CPU per request for the bench's calibration row (HEXKIT_BENCH_SPIN_US; none unless set). */
const spin = calibrationSpin();

async function rawFastify(): Promise<Served> {
  const app = Fastify({ logger: false });
  app.post("/items", (request, reply) => {
    spin();
    const parsed = Body.safeParse(request.body);
    if (!parsed.success) return reply.code(422).send({ issues: parsed.error.issues });
    return reply.code(201).send({ id: parsed.data.name, name: parsed.data.name, tags: parsed.data.tags });
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/items`, close: () => app.close() };
}

/**
 * Raw Fastify with the concerns of the hexkit case written by hand, the way a
 * team without hexkit would: request id (accepted or generated, echoed), an
 * AsyncLocalStorage run per request holding the correlation id, one access
 * line per request with pino (its asynchronous destination, to /dev/null),
 * RED metrics with prom-client, and the response checked against its schema.
 * It tells what those concerns cost on their own, apart from hexkit.
 */
async function fastifyWithConcerns(): Promise<Served> {
  let next = 0;
  const prefix = Math.random().toString(36).slice(2, 10);
  const app = Fastify({
    logger: false,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w.:-]{1,128}$/.test(given) ? given : `${prefix}-${++next}`;
    },
  });
  const context = new AsyncLocalStorage<{ correlationId: string }>();
  const log = pino({ base: null }, pino.destination({ dest: "/dev/null", sync: false }));
  const registry = new Registry();
  const labelNames = ["method", "route", "status"] as const;
  const total = new Counter({ name: "http_requests_total", help: "requests", labelNames, registers: [registry] });
  const duration = new Histogram({
    name: "http_request_duration_ms",
    help: "duration",
    labelNames,
    buckets: [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
    registers: [registry],
  });
  // After the body is parsed, so that the handler runs inside the context (as hexkit's stages do).
  app.addHook("preHandler", (request, reply, done) => {
    void reply.header("x-request-id", request.id);
    context.run({ correlationId: request.id }, done);
  });
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    total.inc(labels);
    duration.observe(labels, reply.elapsedTime);
    log.info({ method: request.method, route, status: reply.statusCode, durationMs: reply.elapsedTime, correlationId: request.id }, "http request");
    done();
  });
  app.post("/items", (request, reply) => {
    const parsed = Body.safeParse(request.body);
    if (!parsed.success) return reply.code(422).send({ issues: parsed.error.issues });
    const item = Item.parse({ id: parsed.data.name, name: parsed.data.name, tags: parsed.data.tags });
    return reply.code(201).send(item);
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/items`, close: () => app.close() };
}

// For break-downs while profiling: argv[3] lists concerns to switch off (comma-separated: log, metrics,
// context), and "nullstream" sends log lines to a null Writable instead of pino's own destination.
const off = new Set((process.argv[3] ?? "").split(",").filter(Boolean));

async function hexkit(sync: boolean): Promise<Served> {
  const context = createAsyncContextStore();
  // The production destination (sonic-boom, asynchronous), writing to /dev/null.
  const nullStream = new Writable({ write: (_chunk, _enc, done) => { done(); } });
  const logger = createPinoLogger(
    { pidAndHostname: false, flushOnSignals: false, destination: { path: "/dev/null" } },
    { context, ...(off.has("nullstream") ? { destination: nullStream } : {}) },
  )._unsafeUnwrap();
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
    ...(off.has("metrics") ? {} : { metrics: createPrometheusMetrics() }),
    ...(off.has("context") ? {} : { context }),
    // On: request id, access log, metrics, context, response validation. Off: helmet, health/openapi unused.
    options: { securityHeaders: { enabled: false }, accessLog: { enabled: !off.has("log") } },
  });
  const { url } = (await app.listen())._unsafeUnwrap();
  return { url: `${url}/items`, close: async () => { await app.close(); } };
}

const variants = { node: nodeHttp, fastify: rawFastify, fastifyWithConcerns, hexkit: () => hexkit(false), hexkitSync: () => hexkit(true) } as const;
const variant = process.argv[2] as keyof typeof variants;
const start = variants[variant] as (typeof variants)[keyof typeof variants] | undefined;
if (start === undefined) throw new TypeError(`unknown variant ${variant}; use one of ${Object.keys(variants).join(", ")}`);
const served = await start();

// Tells the bench its URL and answers its CPU-time questions (or prints the URL when run alone).
serveParent(served.url, () => served.close());
