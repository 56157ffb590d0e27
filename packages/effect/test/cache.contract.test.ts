import { createMemoryCache } from "@hexkit/memory";
import { cacheContract, createFakeClock } from "@hexkit/testing";
import { ManagedRuntime } from "effect";
import { CacheService } from "../src/index.js";

// The memory adapter, wrapped as an Effect layer, and a Cache port built back
// from the service the layer provides: every call of the suite runs an Effect.
cacheContract("memory through the Effect layer", async () => {
  const clock = createFakeClock();
  const runtime = ManagedRuntime.make(CacheService.layerFrom(() => createMemoryCache({ clock })));
  const service = await runtime.runPromise(CacheService);
  return {
    subject: CacheService.toPort(service),
    advance: (ms) => clock.advance(ms),
    teardown: () => runtime.dispose(),
  };
});
