import { defineBench } from "@hexkit/bench";
import { type ResultAsync, notFound, okAsync, errAsync } from "@hexkit/core";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler } from "@opentelemetry/sdk-trace-base";
import { createOtelTracer } from "@hexkit/otel";

// Both sides: an SDK provider with the same sampler (every span recorded), no
// exporter (export cost is the collector's, not the port's), and an
// AsyncLocalStorage context manager. The raw side uses OpenTelemetry's global
// API the way hand-written instrumentation does.
const contextManager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(contextManager);
const raw = new BasicTracerProvider({ sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(1) }) }).getTracer("bench");
const tracer = createOtelTracer({ serviceName: "bench" });
const failure = notFound("endpoint", "ep_1");

const work = (): ResultAsync<number, never> => okAsync(1);

export default defineBench({
  kind: "micro",
  group: "otel: withSpan around a ResultAsync vs raw startActiveSpan",
  baseline: "raw tracer.startActiveSpan + okAsync",
  targets: { "port withSpan + okAsync": 0.8 },
  tasks: {
    "raw tracer.startActiveSpan + okAsync": () =>
      raw.startActiveSpan("op", (span) =>
        work().then((r) => {
          span.end();
          return r;
        }),
      ),
    "port withSpan + okAsync": () => tracer.withSpan("op", {}, work),
    "port withSpan + errAsync (span marked failed)": () => tracer.withSpan("op", {}, () => errAsync(failure)),
    "okAsync alone (no span)": () => work().then((r) => r),
  },
  teardown: async () => {
    await tracer.shutdown();
  },
});
