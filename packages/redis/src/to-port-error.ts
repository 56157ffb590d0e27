import { timeout, type Timeout, type Unavailable, unavailable } from "@hexkit/core";

/** The errors every Redis-backed port method can fail with. */
export type RedisPortError = Unavailable | Timeout;

/** What `toPortError` needs to name the failure. */
export interface PortErrorContext {
  /** Dependency name carried by `Unavailable` (the client's `name`, default `redis`). */
  readonly dependency: string;
  /** The command deadline in ms, carried by `Timeout`. */
  readonly commandTimeoutMs: number;
  /** What was attempted, e.g. `cache.get`. */
  readonly operation: string;
}

const timeoutMessages = ["Command timed out", "Connection timed out"];

/**
 * The one function that maps what ioredis throws or rejects with to a port
 * error. A command that passed its deadline is a `Timeout` (the server may
 * still have applied it); everything else — refused or dropped connections,
 * the offline queue being disabled, `MaxRetriesPerRequestError`, and server
 * error replies such as `LOADING`, `BUSY`, `READONLY` or `OOM` — is
 * `Unavailable` with the original error kept as `cause` for the log.
 * Never throws.
 */
export function toPortError(cause: unknown, context: PortErrorContext): RedisPortError {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (timeoutMessages.some((m) => message.startsWith(m)) || (cause instanceof Error && cause.name === "TimeoutError")) {
    return timeout(context.commandTimeoutMs, context.operation);
  }
  return unavailable(context.dependency, cause, `${context.dependency} is unavailable (${context.operation}: ${message})`);
}
