import type { Timeout, Unavailable } from "../errors.js";
import type { ResultAsync } from "../result.js";

/**
 * A readiness check that an adapter registers (Redis ping, database query,
 * queue reachable). The HTTP adapter runs every check with a timeout for
 * `/readyz`.
 */
export interface HealthCheck {
  /** Short and stable, e.g. `redis`, `postgres`. */
  readonly name: string;
  check(): ResultAsync<void, Unavailable | Timeout>;
}
