import { type ContractJobs, createFakeClock, jobQueueContract } from "@hexkit/testing";
import { createMemoryJobQueue } from "@hexkit/memory";

jobQueueContract("memory", ({ retryPolicy }) => {
  const clock = createFakeClock();
  const queue = createMemoryJobQueue<ContractJobs>({ clock, retryPolicy });
  return Promise.resolve({
    subject: {
      queue,
      startWorker: (handlers, options) => queue.createWorker(handlers, options),
    },
    advance: (ms) => clock.advance(ms),
    teardown: async () => {
      // The stop deadline runs on the fake clock: advance it so a test that
      // failed with a handler still blocked does not hang its teardown.
      const closing = queue.close({ deadlineMs: 0 });
      await clock.advance(0);
      await closing;
    },
  });
});
