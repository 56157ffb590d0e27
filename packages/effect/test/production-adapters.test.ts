import { createTestTracer } from "@hexkit/otel";
import { createPinoLogger } from "@hexkit/pino";
import { createPrometheusMetrics } from "@hexkit/prometheus";
import { Effect, ManagedRuntime } from "effect";
import { describe, expect, it } from "vitest";
import { LoggerService, MetricsService, TracerService, fromResult } from "../src/index.js";

// The observability services over the production adapters, not only the
// recording doubles: the same layers take any adapter of the port.

describe("LoggerService over pino", () => {
  it("writes Effect.log lines through pino, and closes the logger with the runtime", async () => {
    const lines: string[] = [];
    const destination = { write: (line: string) => void lines.push(line) };
    const live = LoggerService.layerScoped(fromResult(() => createPinoLogger({ level: "info" }, { destination })));
    const runtime = ManagedRuntime.make(live);
    await runtime.runPromise(
      Effect.gen(function* () {
        yield* (yield* LoggerService).info("endpoint registered", { endpointId: "ep_1" });
      }),
    );
    await runtime.dispose();
    const written = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(written).toEqual([expect.objectContaining({ msg: "endpoint registered", endpointId: "ep_1" })]);
  });
});

describe("MetricsService over prom-client", () => {
  it("records into the adapter's registry", async () => {
    const metrics = createPrometheusMetrics({ defaultMetrics: false });
    const program = Effect.flatMap(MetricsService, (m) =>
      m.counter({ name: "messages_sent_total", help: "Messages sent", labelNames: ["tenant"] }).inc({ tenant: "t1" }, 2),
    );
    await Effect.runPromise(Effect.provide(program, MetricsService.layer(metrics)));
    expect((await metrics.metricsText())._unsafeUnwrap()).toContain('messages_sent_total{tenant="t1"} 2');
  });
});

describe("TracerService over OpenTelemetry", () => {
  it("nests a span started inside withSpan under it, across async steps", async () => {
    const tracer = createTestTracer();
    const program = Effect.flatMap(TracerService, (t) =>
      t.withSpan("send message", { kind: "server" }, () =>
        Effect.andThen(
          Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 1))),
          t.withSpan("enqueue", { kind: "producer" }, () => Effect.void),
        ),
      ),
    );
    await Effect.runPromise(Effect.provide(program, TracerService.layer(tracer)));
    const [inner, outer] = tracer.finishedSpans();
    expect(inner).toEqual(expect.objectContaining({ name: "enqueue", kind: "producer", parentSpanId: outer?.spanId, traceId: outer?.traceId }));
    expect(outer).toEqual(expect.objectContaining({ name: "send message", kind: "server", parentSpanId: undefined }));
    (await tracer.shutdown())._unsafeUnwrap();
  });
});
