// Child process of http-observability.bench.ts: serves the route from a
// hexkit app in the variant named by argv[2] (off, off-copy, off-spin, metrics, on, sampled) and reports
// its URL and, on request, its CPU time over IPC. One process per variant:
// on Node 20 every enabled AsyncLocalStorage taxes every promise of its
// process, so variants sharing a process would share each other's costs.
// Also runnable alone for profiling (from packages/otel; Ctrl-C writes the profile):
//   node --conditions=@hexkit/source --import tsx --cpu-prof bench/http-server.ts on
import { calibrationSpin, serveParent } from "@hexkit/bench";
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
  handler: ({ params }) => {
    spin();
    return okAsync({ id: params.id, ok: true });
  },
});

// Every variant keeps the context store: correlation ids in logs are not
// optional in a hexkit service, so they belong to the baseline. "off-copy"
// is "off" again (the bench's control), "off-spin" is "off" with
// HEXKIT_BENCH_SPIN_US µs of CPU spent in every request (its calibration).
const variant = process.argv[2];
const spin = calibrationSpin();
const context = createAsyncContextStore();
const app = createHttpApp({
  routes: [route],
  logger: silent,
  context,
  ...(variant === "off" || variant === "off-copy" || variant === "off-spin" ? {} : { metrics: createPrometheusMetrics() }),
  // Wired as a service should be: the tracer keeps its span in the app's store.
  ...(variant === "on" || variant === "sampled"
    ? { tracer: createOtelTracer({ serviceName: "bench", samplingRatio: variant === "sampled" ? 0.1 : 1 }, { context }) }
    : {}),
});

const address = (await app.listen())._unsafeUnwrap();
// Tells the bench its URL and answers its CPU-time questions (or prints the URL when run alone).
serveParent(`${address.url}/v1/items/42`, () => app.close());
