import { type IncomingHttpHeaders, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type JobHandlers, correlationHeader, fromPromise, unavailable } from "@hexkit/core";
import { createHttpApp, defineRoute } from "@hexkit/fastify";
import { createAsyncContextStore, createMemoryJobQueue, createRecordingLogger, createSystemClock } from "@hexkit/memory";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createTestTracer } from "@hexkit/otel";

type Jobs = { deliver: { readonly messageId: string } };

const upstream = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" };
const correlationId = "req-continuity-0001";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The outbound call's far end: records the headers of every request it answers. */
async function receiver(): Promise<{ url: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on("end", () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => { server.close(() => { resolve(); }); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, seen };
}

describe.each([
  ["its own AsyncLocalStorage", false],
  ["the app's ContextStore", true],
])("Trace and correlation continuity: HTTP request -> enqueue -> worker -> outbound call (active span in %s)", (_where, shared) => {
  it("keeps one trace with the right parents, and one correlation id in every log line", async () => {
    const context = createAsyncContextStore();
    const tracer = createTestTracer({ serviceName: "webhooks" }, shared ? { context } : {});
    cleanups.push(async () => tracer.shutdown());
    const logger = createRecordingLogger({ context });
    const target = await receiver();
    const queue = createMemoryJobQueue<Jobs>({ clock: createSystemClock(), context, logger });
    cleanups.push(() => queue.close());

    // The worker continues the job's trace (consumer span), then calls out
    // with the trace and correlation headers of a client span.
    const handlers: JobHandlers<Jobs> = {
      deliver: (job) =>
        tracer.withSpan("deliver", { kind: "consumer", parent: job.carrier, attributes: { "messaging.message.id": job.id } }, () => {
          logger.info("delivering message", { messageId: job.payload.messageId });
          return tracer
            .withSpan("POST /hook", { kind: "client" }, () =>
              fromPromise(
                fetch(target.url, { method: "POST", headers: { ...context.inject(), ...tracer.inject() }, body: "{}" }),
                (cause) => unavailable("receiver", cause),
              ),
            )
            .map((response) => {
              logger.info("delivered", { status: response.status });
            });
        }),
    };
    queue.createWorker(handlers);

    const sendMessage = defineRoute({
      method: "POST",
      path: "/v1/messages",
      auth: "none",
      schema: { body: z.object({ messageId: z.string() }) },
      responses: { 202: z.object({ jobId: z.string() }) },
      handler: ({ body }, ctx) => {
        ctx.logger.info("accepting message", { messageId: body.messageId });
        return tracer
          .withSpan("enqueue deliver", { kind: "producer" }, () =>
            queue.enqueue("deliver", { messageId: body.messageId }, { carrier: { ...context.inject(), ...tracer.inject() } }),
          )
          .map((job) => ({ jobId: job.id }));
      },
    });
    const app = createHttpApp({ routes: [sendMessage], logger, tracer, context });
    cleanups.push(() => app.close());

    const response = await app.fastify.inject({
      method: "POST",
      url: "/v1/messages",
      headers: {
        "content-type": "application/json",
        [correlationHeader]: correlationId,
        traceparent: `00-${upstream.traceId}-${upstream.spanId}-01`,
      },
      payload: { messageId: "msg_1" },
    });
    expect(response.statusCode).toBe(202);
    // The worker runs after the response; wait for its span (generously: CI machines are shared).
    await vi.waitFor(
      () => {
        expect(tracer.finishedSpans().map((s) => s.name)).toContain("deliver");
      },
      { timeout: 10_000, interval: 20 },
    );

    const spans = Object.fromEntries(tracer.finishedSpans().map((s) => [s.name, s]));
    const server = spans["POST /v1/messages"]!;
    const producer = spans["enqueue deliver"]!;
    const consumer = spans.deliver!;
    const client = spans["POST /hook"]!;
    expect(Object.keys(spans).sort()).toEqual(["POST /hook", "POST /v1/messages", "deliver", "enqueue deliver"]);
    expect(server).toMatchObject({ kind: "server", traceId: upstream.traceId, parentSpanId: upstream.spanId, status: "unset" });
    expect(producer).toMatchObject({ kind: "producer", traceId: upstream.traceId, parentSpanId: server.spanId });
    expect(consumer).toMatchObject({ kind: "consumer", traceId: upstream.traceId, parentSpanId: producer.spanId, status: "unset" });
    expect(client).toMatchObject({ kind: "client", traceId: upstream.traceId, parentSpanId: consumer.spanId, status: "unset" });
    expect(response.headers.traceparent).toBe(`00-${upstream.traceId}-${server.spanId}-01`);

    expect(target.seen).toHaveLength(1);
    expect(target.seen[0]).toMatchObject({ traceparent: `00-${upstream.traceId}-${client.spanId}-01`, [correlationHeader]: correlationId });

    const lines = logger.entries();
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(["accepting message", "http request", "delivering message", "delivered"]));
    for (const line of lines) expect(line, `log line "${line.msg}"`).toMatchObject({ correlationId });
    for (const line of lines.filter((l) => l.msg.startsWith("deliver"))) expect(line).toMatchObject({ traceId: upstream.traceId });
  });
});
