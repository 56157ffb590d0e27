import { type AppError, type ResultAsync, okAsync, safeTry, ok } from "@hexkit/core";
import { disable, enable, type Endpoint, endpointView, type EndpointView, rotateSecret } from "../../domain/endpoint.js";
import type { UseCaseDeps } from "../deps.js";
import type { EndpointFields } from "./endpoint-input.js";

function applyFields(endpoint: Endpoint, fields: EndpointFields, now: number): Endpoint {
  let next: Endpoint = {
    ...endpoint,
    url: fields.url ?? endpoint.url,
    description: fields.description ?? endpoint.description,
    eventTypes: fields.eventTypes === undefined ? endpoint.eventTypes : fields.eventTypes,
    rateLimitPerSecond: fields.rateLimitPerSecond === undefined ? endpoint.rateLimitPerSecond : fields.rateLimitPerSecond,
    metadata: fields.metadata ?? endpoint.metadata,
    updatedAt: now,
  };
  if (fields.disabled === true && !endpoint.disabled) next = disable(next, "manual", now);
  if (fields.disabled === false && endpoint.disabled) next = enable(next, now);
  return next;
}

/**
 * Changes the given fields of an endpoint (absent fields stay). A new URL
 * passes the egress guard. Enabling a disabled endpoint clears its failure
 * history; its failed deliveries stay failed until recovered or replayed.
 */
export const makeUpdateEndpoint =
  (deps: Pick<UseCaseDeps, "endpoints" | "egress" | "clock" | "onEndpointChanged">) =>
  (tenantId: string, id: string, fields: EndpointFields): ResultAsync<EndpointView, AppError> =>
    safeTry(async function* () {
      if (fields.url !== undefined) yield* deps.egress.checkUrl(fields.url);
      const updated = yield* deps.endpoints.update(tenantId, id, (e) => applyFields(e, fields, deps.clock.now()));
      deps.onEndpointChanged(tenantId, id);
      return ok(endpointView(updated));
    });

/** Deletes an endpoint; its pending deliveries fail when their turn comes. Another tenant's is `NotFound`. */
export const makeDeleteEndpoint =
  (deps: Pick<UseCaseDeps, "endpoints" | "onEndpointChanged">) =>
  (tenantId: string, id: string): ResultAsync<void, AppError> =>
    deps.endpoints.delete(tenantId, id).andThen(() => {
      deps.onEndpointChanged(tenantId, id);
      return okAsync(undefined);
    });

/**
 * Replaces the endpoint's secret with `secret` or a new random one. The old
 * secret keeps signing alongside the new one for the configured grace period,
 * so a receiver can switch secrets without rejecting a delivery.
 */
export const makeRotateSecret =
  (deps: Pick<UseCaseDeps, "endpoints" | "clock" | "secrets" | "settings" | "onEndpointChanged">) =>
  (tenantId: string, id: string, secret?: string): ResultAsync<{ readonly secret: string }, AppError> => {
    const next = secret ?? deps.secrets.next();
    return deps.endpoints
      .update(tenantId, id, (e) => rotateSecret(e, next, deps.clock.now(), deps.settings.secretGraceMs))
      .map((e) => {
        deps.onEndpointChanged(tenantId, id);
        return { secret: e.secret };
      });
  };
