import { defineBench } from "@hexkit/bench";
import { createMemoryCache } from "@hexkit/memory";
import { createFakeClock } from "@hexkit/testing";
import { Context, Effect, ManagedRuntime } from "effect";
import { CacheService } from "../src/index.js";

// One cache hit on the memory adapter, asked four ways. The baseline calls the
// port directly (a ResultAsync); the others pay for Effect: building and
// running a fiber per call, the service lookup, and (last case) the trip back
// to a port. The memory adapter is the thinnest real Cache, so the ratios show
// the interop's own cost at its largest; against Redis (~100 us a round trip)
// it is noise.

const cache = createMemoryCache({ clock: createFakeClock() });
const key = "endpoints:t1:invoice.paid";
const service = CacheService.make(cache);
const context = Context.make(CacheService, service);
const runtime = ManagedRuntime.make(CacheService.layer(cache));
const viaService = CacheService.use((c) => c.get(key));
const runWith = Effect.runPromiseWith(context);
const portBack = CacheService.toPort(service);
let hits = 0;

export default defineBench({
  kind: "micro",
  group: "effect: cache get through the Effect service vs the port",
  baseline: "port: await cache.get",
  // Reported, never asserted. First run here (2 shared cores, Node 20.20):
  // 0.62x, 0.59x, 0.42x, 0.52x in this order (baseline ~2.0 M ops/s, 0.5 us).
  targets: {
    "Effect.runPromise(service.get)": 0.4,
    "Effect.runPromiseWith(context)(CacheService.use(get))": 0.4,
    "ManagedRuntime.runPromise(CacheService.use(get))": 0.3,
    "port built back from the service (toPort)": 0.35,
  },
  setup: async () => {
    (await cache.set(key, JSON.stringify([{ id: "ep_1" }]), 3_600_000))._unsafeUnwrap();
    await runtime.runPromise(viaService);
  },
  tasks: {
    "port: await cache.get": async () => {
      const r = await cache.get(key);
      if (r.isOk() && r.value !== undefined) hits++;
    },
    "Effect.runPromise(service.get)": async () => {
      if ((await Effect.runPromise(service.get(key))) !== undefined) hits++;
    },
    "Effect.runPromiseWith(context)(CacheService.use(get))": async () => {
      if ((await runWith(viaService)) !== undefined) hits++;
    },
    "ManagedRuntime.runPromise(CacheService.use(get))": async () => {
      if ((await runtime.runPromise(viaService)) !== undefined) hits++;
    },
    "port built back from the service (toPort)": async () => {
      const r = await portBack.get(key);
      if (r.isOk() && r.value !== undefined) hits++;
    },
  },
  teardown: async () => {
    await runtime.dispose();
    if (hits === 0) throw new Error("bench did no work: every read missed");
  },
});
