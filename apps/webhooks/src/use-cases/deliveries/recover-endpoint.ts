import { type AppError, type ResultAsync, ok, safeTry } from "@hexkit/core";
import type { UseCaseDeps } from "../deps.js";
import { pageLimits, toPageRequest } from "../pagination-input.js";
import { makeRestartDelivery } from "./enqueue-delivery.js";

/**
 * Re-sends every failed delivery of an endpoint that failed at or after
 * `since` (epoch ms), each with a fresh retry schedule. Answers how many.
 * Restarted deliveries leave the failed list, so running it twice sends each once.
 */
export const makeRecoverEndpoint = (deps: Pick<UseCaseDeps, "endpoints" | "deliveries" | "queue" | "clock" | "carrier">) => {
  const restartDelivery = makeRestartDelivery(deps);
  return (tenantId: string, endpointId: string, since: number): ResultAsync<{ readonly recovered: number }, AppError> =>
    safeTry(async function* () {
      yield* deps.endpoints.get(tenantId, endpointId);
      let recovered = 0;
      // Restarting takes a delivery off the failed list, so the first page is always the next one.
      for (;;) {
        const page = yield* deps.deliveries.listFailed(tenantId, { endpointId, since }, yield* toPageRequest({ limit: pageLimits.max }));
        for (const d of page.data) {
          yield* restartDelivery(tenantId, d.id);
          recovered += 1;
        }
        if (page.nextCursor === null) break;
      }
      return ok({ recovered });
    });
};
