import type { Carrier } from "./carrier.js";

/**
 * The ambient context of the current request or job: correlation id, trace
 * id, tenant. An adapter keeps it with the async flow (AsyncLocalStorage), so
 * every log line written inside a request or job carries it without anyone
 * passing a logger around. It serialises into a job's carrier and back, so a
 * job's work continues the context of the request that enqueued it.
 */
export type ContextValues = Readonly<Record<string, string>>;

/** Well-known context keys. */
export const contextKeys = {
  correlationId: "correlationId",
  traceId: "traceId",
  tenantId: "tenantId",
} as const;

/** Carrier key that holds the correlation id (an HTTP header name, lowercase). */
export const correlationHeader = "x-request-id";

export interface ContextStore {
  /** The context of the current async flow (empty outside any). */
  current(): ContextValues;
  /** Runs `fn` with `values` merged over the current context; the change is visible only inside `fn`. */
  run<T>(values: ContextValues, fn: () => T): T;
  /** Serialises the current context into a carrier (`x-request-id`, `x-hexkit-tenant-id`, …). */
  inject(): Record<string, string>;
  /** Reads context values back from a carrier written by `inject`; unknown keys are ignored. */
  extract(carrier: Carrier): ContextValues;
}
