// Child process of http-observability.bench.ts: serves the same route from
// two hexkit apps, one with metrics, tracing and context on, one without, and
// reports their URLs over IPC. One process for both keeps the comparison
// about the code path, not about two processes' placement on the CPU.
import { type Logger, okAsync } from "@hexkit/core";
import { createHttpApp, defineRoute } from "@hexkit/fastify";
import { createAsyncContextStore } from "@hexkit/memory";
import { createOtelTracer } from "@hexkit/otel";
import { createPrometheusMetrics } from "@hexkit/prometheus";
import { z } from "zod";

const silent: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
  child: () => silent,
  isLevelEnabled: () => false,
};

const route = defineRoute({
  method: "GET",
  path: "/v1/items/:id",
  auth: "none",
  schema: { params: z.object({ id: z.string() }) },
  responses: { 200: z.object({ id: z.string(), ok: z.boolean() }) },
  handler: ({ params }) => okAsync({ id: params.id, ok: true }),
});

const off = createHttpApp({ routes: [route], logger: silent });
const on = createHttpApp({
  routes: [route],
  logger: silent,
  metrics: createPrometheusMetrics(),
  tracer: createOtelTracer({ serviceName: "bench" }),
  context: createAsyncContextStore(),
});

const [offAddress, onAddress] = await Promise.all([off.listen(), on.listen()]);
process.send?.({ off: `${offAddress._unsafeUnwrap().url}/v1/items/42`, on: `${onAddress._unsafeUnwrap().url}/v1/items/42` });
process.on("message", () => {
  void Promise.all([off.close(), on.close()]).then(() => process.exit(0));
});
