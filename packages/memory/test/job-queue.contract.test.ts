import type { Worker } from "@hexkit/core";
import { type ContractJobs, createFakeClock, jobQueueContract } from "@hexkit/testing";
import { createMemoryJobQueue } from "@hexkit/memory";

jobQueueContract("memory", ({ retryPolicy }) => {
  const clock = createFakeClock();
  const queue = createMemoryJobQueue<ContractJobs>({ clock, retryPolicy });
  const workers: Worker[] = [];
  return Promise.resolve({
    subject: {
      queue,
      startWorker: (handlers, options) => {
        const worker = queue.createWorker(handlers, options);
        workers.push(worker);
        return worker;
      },
    },
    advance: (ms) => clock.advance(ms),
    teardown: () => queue.close({ deadlineMs: 0 }),
  });
});
