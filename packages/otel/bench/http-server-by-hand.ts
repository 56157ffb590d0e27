// Child process of http-observability.bench.ts: the bench route on raw
// Fastify with observability written by hand, the way a team without hexkit
// would: the same security headers as a hexkit app, an AsyncLocalStorage run
// per request for the correlation id ("hand-off"), plus prom-client RED metrics and an OpenTelemetry SDK span
// per request in hooks ("hand-on": W3C trace context extracted, the span
// active through the SDK's AsyncLocalStorage context manager, `traceparent`
// echoed, the span ended with its status). No exporter, as in the hexkit
// variants. Reports its URL and, on request, its CPU time over IPC, as
// http-server.ts does.
import { AsyncLocalStorage } from "node:async_hooks";
import type { AddressInfo } from "node:net";
import { serveParent } from "@hexkit/bench";
import { ROOT_CONTEXT, type Span, SpanKind, context, defaultTextMapGetter, defaultTextMapSetter, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { AlwaysOnSampler, BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import Fastify from "fastify";
import { Counter, Histogram, Registry } from "prom-client";
import { z } from "zod";

const Params = z.object({ id: z.string() });
const Item = z.object({ id: z.string(), ok: z.boolean() });
const path = "/v1/items/:id";
const traced = process.argv[2] === "hand-on";

let next = 0;
const prefix = Math.random().toString(36).slice(2, 10);
const app = Fastify({
  logger: false,
  genReqId: (req) => {
    const given = req.headers["x-request-id"];
    return typeof given === "string" && /^[\w.:-]{1,128}$/.test(given) ? given : `${prefix}-${++next}`;
  },
});
// The security headers a hexkit app sends by default (helmet's set, worked out once), so both sides send the same bytes.
const securityHeaders = {
  "content-security-policy": "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "origin-agent-cluster": "?1",
  "referrer-policy": "no-referrer",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-dns-prefetch-control": "off",
  "x-download-options": "noopen",
  "x-frame-options": "DENY",
  "x-permitted-cross-domain-policies": "none",
  "x-xss-protection": "0",
};
const requestContext = new AsyncLocalStorage<{ correlationId: string }>();
app.addHook("preHandler", (request, reply, done) => {
  void reply.headers(securityHeaders);
  void reply.header("x-request-id", request.id);
  requestContext.run({ correlationId: request.id }, done);
});

if (traced) {
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
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const tracer = new BasicTracerProvider({ sampler: new AlwaysOnSampler() }).getTracer("bench");
  const propagator = new W3CTraceContextPropagator();
  const spans = new WeakMap<object, Span>();
  app.addHook("onRequest", (request, reply, done) => {
    const parent = propagator.extract(ROOT_CONTEXT, request.headers, defaultTextMapGetter);
    const route = request.routeOptions.url ?? "unmatched";
    const span = tracer.startSpan(
      `${request.method} ${route}`,
      { kind: SpanKind.SERVER, attributes: { "http.request.method": request.method, "http.route": route } },
      parent,
    );
    spans.set(request, span);
    const active = trace.setSpan(parent, span);
    const carrier: Record<string, string> = {};
    propagator.inject(active, carrier, defaultTextMapSetter);
    if (carrier.traceparent !== undefined) void reply.header("traceparent", carrier.traceparent);
    context.with(active, done);
  });
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    total.inc(labels);
    duration.observe(labels, reply.elapsedTime);
    const span = spans.get(request);
    if (span !== undefined) {
      span.setAttribute("http.response.status_code", reply.statusCode);
      span.end();
    }
    done();
  });
}

app.get(path, (request, reply) => {
  const params = Params.safeParse(request.params);
  if (!params.success) return reply.code(400).send({ issues: params.error.issues });
  return reply.code(200).send(Item.parse({ id: params.data.id, ok: true }));
});

await app.listen({ port: 0, host: "127.0.0.1" });
const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/v1/items/42`;
// Tells the bench its URL and answers its CPU-time questions (or prints the URL when run alone).
serveParent(url, () => app.close());
