import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { defineJobs } from "../src/index.js";

/** Key prefix of every queue the tests create; each test adds its own queue name. */
export const testPrefix = "hexkit-test-bullmq";

/** A queue name no other test (or test run) uses. */
export function uniqueQueueName(label: string): string {
  return `${label}-${randomUUID()}`;
}

/** The registry most tests use. */
export const testJobs = defineJobs({
  work: z.object({ n: z.number().int() }),
  other: z.object({ text: z.string().min(1) }),
});

/** Real time, for integration tests against Redis. */
export const wait = (ms: number): Promise<void> => sleep(ms);

/** Polls `condition` every 20 ms until it holds; fails after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}
