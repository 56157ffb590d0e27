import type { JobHandlers, JobMap } from "@hexkit/core";
import { Effect } from "effect";
import { type EffectJobHandlers, fromResultAsync, toJobHandlers } from "../../src/index.js";

/**
 * Sends a contract suite's ResultAsync handlers through Effect and back: each
 * becomes an Effect handler (fromResultAsync), and the worker gets the port
 * handlers that toJobHandlers makes of those. A handler that throws or
 * rejects thus dies inside Effect, and must still reach the queue as Internal.
 */
export function throughEffect<Jobs extends JobMap>(handlers: JobHandlers<Jobs>): JobHandlers<Jobs> {
  const effectHandlers = Object.fromEntries(
    Object.entries(handlers as unknown as Record<string, (job: never) => never>).map(([name, handler]) => [
      name,
      (job: never) => fromResultAsync(() => handler(job)),
    ]),
  ) as unknown as EffectJobHandlers<Jobs, never>;
  return Effect.runSync(toJobHandlers(effectHandlers));
}
