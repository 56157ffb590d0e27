import { type Timeout, type Unavailable, timeout, unavailable } from "@hexkit/core";

/** The dependency name every error of this adapter carries. */
export const dependency = "redis";

function messageOf(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return typeof cause === "string" ? cause : "unknown error";
}

/**
 * The one place that maps what BullMQ or ioredis throws to a port error. Every
 * failure of a queue operation is the store refusing or losing work, so it is
 * `Unavailable` (transient): connection refused or closed, offline queue
 * disabled, a script error. Options are validated before they reach BullMQ,
 * so its own argument errors do not occur here.
 */
export function toPortError(cause: unknown, operation: string): Unavailable {
  return unavailable(dependency, cause, `${operation} failed: Redis is unavailable (${messageOf(cause)})`);
}

/**
 * The error for an operation that missed its deadline: `Unavailable` while the
 * connection is not ready (Redis is down or unreachable, so waiting longer
 * will not help), `Timeout` when Redis is connected but slow.
 */
export function deadlineError(afterMs: number, operation: string, connected: boolean): Unavailable | Timeout {
  return connected
    ? timeout(afterMs, operation)
    : unavailable(dependency, undefined, `${operation} failed: Redis did not answer within ${afterMs} ms (not connected)`);
}
