import type { ResultAsync } from "@hexkit/core";
import type { Admission } from "../domain/circuit-breaker.js";
import type { RepositoryError } from "./repository-error.js";

/**
 * Where the per-endpoint circuit breakers live (memory in one process, Redis
 * when workers are many). Each call applies the pure breaker rules from
 * `domain/circuit-breaker.ts` atomically for that endpoint.
 */
export interface BreakerStore {
  /** Asks whether a delivery to `endpointId` may go at `now`. */
  admit(endpointId: string, now: number): ResultAsync<Admission, RepositoryError>;
  /** Records an attempt's result. */
  record(endpointId: string, succeeded: boolean, now: number): ResultAsync<void, RepositoryError>;
}
