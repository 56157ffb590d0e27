import { type IncomingHttpHeaders, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type LogFields, type Logger, err, ok, okAsync } from "@hexkit/core";
import { afterEach, describe, expect, it } from "vitest";
import { createOtelTracer } from "@hexkit/otel";

interface Received {
  readonly path: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A stand-in OTLP/HTTP collector on an ephemeral port that records every request. */
async function collector(status = 200): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    received,
    close: () => new Promise<void>((resolve) => { server.close(() => { resolve(); }); }),
  };
}

function recordingLogger(): Logger & { readonly lines: { level: string; message: string; fields?: LogFields }[] } {
  const lines: { level: string; message: string; fields?: LogFields }[] = [];
  const at = (level: string) => (message: string, fields?: LogFields) => {
    lines.push(fields === undefined ? { level, message } : { level, message, fields });
  };
  const logger = {
    lines,
    trace: at("trace"), debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), fatal: at("fatal"),
    child: () => logger,
    isLevelEnabled: () => true,
  };
  return logger;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("createOtelTracer with OTLP/HTTP export", () => {
  it("exports finished spans to the configured url with the configured headers on shutdown", async () => {
    const sink = await collector();
    cleanups.push(sink.close);
    const tracer = createOtelTracer({
      serviceName: "webhooks",
      otlp: { url: sink.url, headers: { authorization: "Bearer t0ken" }, scheduledDelayMs: 60_000 },
    });
    const r = await tracer.withSpan("POST /v1/messages", { kind: "server", attributes: { "http.route": "/v1/messages" } }, (span) => okAsync(span.traceId));
    const traceId = r._unsafeUnwrap();
    expect(sink.received).toEqual([]);
    expect(await tracer.shutdown()).toEqual(ok(undefined));
    expect(sink.received).toHaveLength(1);
    const [request] = sink.received;
    expect(request?.path).toBe("/v1/traces");
    expect(request?.headers.authorization).toBe("Bearer t0ken");
    expect(request?.body).toContain("POST /v1/messages");
    expect(request?.body).toContain("webhooks");
    expect(request?.body.toLowerCase()).toContain(traceId);
  });

  it("exports on forceFlush without shutting down", async () => {
    const sink = await collector();
    cleanups.push(sink.close);
    const tracer = createOtelTracer({ serviceName: "webhooks", otlp: { url: sink.url, scheduledDelayMs: 60_000 } });
    cleanups.push(async () => tracer.shutdown());
    tracer.startSpan("first").end();
    expect(await tracer.forceFlush()).toEqual(ok(undefined));
    expect(sink.received).toHaveLength(1);
    tracer.startSpan("second").end();
    expect(await tracer.forceFlush()).toEqual(ok(undefined));
    expect(sink.received).toHaveLength(2);
  });

  it("logs a failed export, drops the batch, keeps the service going and reports the failure from shutdown", async () => {
    const sink = await collector(400);
    cleanups.push(sink.close);
    const logger = recordingLogger();
    const tracer = createOtelTracer({ serviceName: "webhooks", otlp: { url: sink.url, timeoutMs: 2000, scheduledDelayMs: 60_000 } }, { logger });
    tracer.startSpan("lost").end();
    const again = await tracer.withSpan("still traced", {}, () => okAsync("served"));
    expect(again).toEqual(ok("served"));
    expect(await tracer.shutdown()).toEqual(err(expect.objectContaining({ _tag: "Unavailable", dependency: "otel-exporter" })));
    expect(sink.received).toHaveLength(1);
    expect(logger.lines).toMatchObject([{ level: "warn", message: "Span export failed; the batch is dropped", fields: { spans: 2 } }]);
  });

  it("exports nothing without otlp options, yet still traces", async () => {
    const tracer = createOtelTracer({ serviceName: "webhooks" });
    const r = await tracer.withSpan("x", {}, () => okAsync(tracer.inject()));
    expect(Object.keys(r._unsafeUnwrap())).toEqual(["traceparent"]);
    expect(await tracer.shutdown()).toEqual(ok(undefined));
  });

  it("throws a TypeError listing every invalid option", () => {
    expect(() => createOtelTracer({ serviceName: "" })).toThrow(TypeError);
    expect(() => createOtelTracer({ serviceName: "x", samplingRatio: 2, otlp: { url: "not a url" } })).toThrow(/samplingRatio.*otlp\.url|otlp\.url.*samplingRatio/);
    expect(() => createOtelTracer({ serviceName: "x", otlp: { url: "http://c:4318/v1/traces", maxQueueSize: 10, maxExportBatchSize: 20 } })).toThrow(/maxExportBatchSize/);
  });
});
