import { type AppError, type ResultAsync, safeTry, ok } from "@hexkit/core";
import { type Endpoint, endpointView, type EndpointView } from "../../domain/endpoint.js";
import type { UseCaseDeps } from "../deps.js";
import type { EndpointFields } from "./endpoint-input.js";

/** A new endpoint's view and its secret: the only answer besides rotate and get-secret that shows it. */
export interface CreatedEndpoint {
  readonly endpoint: EndpointView;
  readonly secret: string;
}

export interface CreateEndpointInput extends EndpointFields {
  readonly tenantId: string;
  readonly url: string;
  /** A `whsec_` secret to use; a new random one when absent. */
  readonly secret?: string | undefined;
}

/**
 * Registers an endpoint for a tenant. The URL passes the egress guard first
 * (http(s) only; no host that resolves to a private, loopback, link-local or
 * metadata address unless allowlisted), so an unsafe endpoint never exists.
 */
export const makeCreateEndpoint =
  (deps: Pick<UseCaseDeps, "endpoints" | "egress" | "clock" | "ids" | "secrets">) =>
  (input: CreateEndpointInput): ResultAsync<CreatedEndpoint, AppError> =>
    safeTry(async function* () {
      yield* deps.egress.checkUrl(input.url);
      const now = deps.clock.now();
      const endpoint: Endpoint = {
        id: deps.ids.next("ep"),
        tenantId: input.tenantId,
        url: input.url,
        description: input.description ?? "",
        eventTypes: input.eventTypes ?? null,
        secret: input.secret ?? deps.secrets.next(),
        previousSecrets: [],
        disabled: input.disabled ?? false,
        disabledReason: input.disabled === true ? "manual" : null,
        rateLimitPerSecond: input.rateLimitPerSecond ?? null,
        metadata: input.metadata ?? {},
        failingSince: null,
        createdAt: now,
        updatedAt: now,
      };
      yield* deps.endpoints.insert(endpoint);
      return ok({ endpoint: endpointView(endpoint), secret: endpoint.secret });
    });
