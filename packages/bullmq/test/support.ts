import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { JobHandlers } from "@hexkit/core";
import { waitUntil } from "@hexkit/testing";
import { afterEach } from "vitest";
import { z } from "zod";
import {
  type BullmqJobQueue,
  type BullmqQueueDeps,
  type BullmqWorker,
  type BullmqWorkerDeps,
  type BullmqWorkerInput,
  type JobsOf,
  createBullmqQueue,
  createBullmqWorker,
} from "../src/index.js";
import { testJobs } from "./fixtures/jobs.js";
import type { BullmqQueueOptions } from "../src/options.js";

type BullmqQueueInput = z.input<typeof BullmqQueueOptions>;

/** Key prefix of every queue the tests create; each test adds its own queue name. */
export const testPrefix = "hexkit-test-bullmq";

/** A queue name no other test (or test run) uses. */
export function uniqueQueueName(label: string): string {
  return `${label}-${randomUUID()}`;
}

export { testJobs };

/** Real time, for integration tests against Redis. */
export const wait = (ms: number): Promise<void> => sleep(ms);

/** Polls `condition` every 20 ms until it holds; fails after `timeoutMs`. */
export function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  return waitUntil(condition, { what, timeoutMs });
}

/** Runs every registered cleanup, newest first; for afterEach. */
export function cleanups(): { add(fn: () => Promise<unknown>): void; run(): Promise<void> } {
  const pending: (() => Promise<unknown>)[] = [];
  return {
    add: (fn) => pending.push(fn),
    run: async () => {
      for (const fn of pending.splice(0).reverse()) await fn();
    },
  };
}

/** Opens queues and workers on fresh queue names and removes them after each test. */
export function integrationHarness(label: string): {
  readonly openQueue: (options?: Partial<BullmqQueueInput>, deps?: BullmqQueueDeps) => BullmqJobQueue<JobsOf<typeof testJobs>>;
  readonly startWorker: (
    queue: BullmqJobQueue<JobsOf<typeof testJobs>>,
    handlers: JobHandlers<JobsOf<typeof testJobs>>,
    options?: BullmqWorkerInput,
    deps?: BullmqWorkerDeps,
  ) => BullmqWorker;
} {
  const pending = cleanups();
  afterEach(() => pending.run());
  return {
    openQueue: (options = {}, deps = {}) => {
      const queue = createBullmqQueue(testJobs, { queueName: uniqueQueueName(label), prefix: testPrefix, ...options }, deps);
      pending.add(async () => {
        await queue.obliterate();
        await queue.close();
      });
      return queue;
    },
    startWorker: (queue, handlers, options = {}, deps = {}) => {
      const worker = createBullmqWorker(
        queue,
        handlers,
        { drainDelaySeconds: 1, retry: { baseDelayMs: 10, maxDelayMs: 40 }, ...options },
        deps,
      );
      pending.add(() => worker.stop({ deadlineMs: 0 }));
      return worker;
    },
  };
}
