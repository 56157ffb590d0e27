import { okAsync } from "@hexkit/core";
import { admit, type BreakerOptions, type BreakerState, closedBreaker, recordResult } from "../../domain/circuit-breaker.js";
import type { BreakerStore } from "../breaker-store.port.js";

/** Per-endpoint breakers in a Map, for one process. Closed breakers are forgotten to keep the map small. */
export function createMemoryBreakerStore(options: BreakerOptions): BreakerStore {
  const states = new Map<string, BreakerState>();
  const put = (id: string, state: BreakerState): void => {
    if (state.status === "closed" && state.failures.length === 0) states.delete(id);
    else states.set(id, state);
  };
  return {
    admit(endpointId, now) {
      const admission = admit(states.get(endpointId) ?? closedBreaker, now, options);
      put(endpointId, admission.state);
      return okAsync(admission);
    },
    record(endpointId, succeeded, now) {
      put(endpointId, recordResult(states.get(endpointId) ?? closedBreaker, succeeded, now, options));
      return okAsync(undefined);
    },
  };
}
