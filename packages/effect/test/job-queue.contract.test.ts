import { createMemoryJobQueue } from "@hexkit/memory";
import { type ContractJobs, createFakeClock, jobQueueContract } from "@hexkit/testing";
import { Effect, ManagedRuntime } from "effect";
import { JobQueueService } from "../src/index.js";
import { throughEffect } from "./support/effect-handlers.js";

class ContractQueue extends JobQueueService<ContractQueue, ContractJobs>()("test/ContractQueue") {}

// The memory queue as a scoped Effect layer (closed when the runtime is
// disposed), the suite's queue port built back from the service, and workers
// whose handlers go through Effect and back.
jobQueueContract("memory through the Effect layer", async ({ retryPolicy }) => {
  const clock = createFakeClock();
  const adapter = createMemoryJobQueue<ContractJobs>({ clock, retryPolicy });
  const release = Effect.acquireRelease(Effect.succeed(adapter), (queue) => Effect.promise(() => queue.close({ deadlineMs: 0 })));
  const runtime = ManagedRuntime.make(ContractQueue.layerFrom(release));
  const service = await runtime.runPromise(ContractQueue);
  return {
    subject: {
      queue: ContractQueue.toPort(service),
      startWorker: (handlers, options) => adapter.createWorker(throughEffect(handlers), options),
    },
    advance: (ms) => clock.advance(ms),
    teardown: () => runtime.dispose(),
  };
});
