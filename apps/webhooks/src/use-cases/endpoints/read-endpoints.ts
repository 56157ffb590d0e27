import type { AppError, ResultAsync } from "@hexkit/core";
import { errAsync } from "@hexkit/core";
import { endpointView, type EndpointView } from "../../domain/endpoint.js";
import type { Page } from "../../domain/pagination.js";
import type { UseCaseDeps } from "../deps.js";
import { type PageInput, toPageRequest } from "../pagination-input.js";

/** One endpoint of the tenant, without secrets; another tenant's is `NotFound`. */
export const makeGetEndpoint =
  (deps: Pick<UseCaseDeps, "endpoints">) =>
  (tenantId: string, id: string): ResultAsync<EndpointView, AppError> =>
    deps.endpoints.get(tenantId, id).map(endpointView);

/** The tenant's endpoints, newest first, a page at a time. */
export const makeListEndpoints =
  (deps: Pick<UseCaseDeps, "endpoints">) =>
  (tenantId: string, page: PageInput): ResultAsync<Page<EndpointView>, AppError> => {
    const request = toPageRequest(page);
    if (request.isErr()) return errAsync(request.error);
    return deps.endpoints.list(tenantId, request.value).map((p) => ({ data: p.data.map(endpointView), nextCursor: p.nextCursor }));
  };

/** The endpoint's current secret, for configuring a receiver. */
export const makeGetEndpointSecret =
  (deps: Pick<UseCaseDeps, "endpoints">) =>
  (tenantId: string, id: string): ResultAsync<{ readonly secret: string }, AppError> =>
    deps.endpoints.get(tenantId, id).map((e) => ({ secret: e.secret }));
