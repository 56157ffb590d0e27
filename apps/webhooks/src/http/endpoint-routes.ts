import { defineRoute, type HttpRoute } from "@hexkit/fastify";
import type { Services } from "../services.js";
import * as S from "./schemas.js";
import { tenantAuth, tenantOf } from "./tenant.js";

const tags = ["endpoints"];

/** /v1/endpoints: create, list, get, update, delete, read and rotate the secret, recover. */
export function endpointRoutes(services: Services): HttpRoute[] {
  return [
    defineRoute({
      method: "POST",
      path: "/v1/endpoints",
      summary: "Register an endpoint (its URL must pass the egress guard); answers its secret",
      tags,
      auth: tenantAuth,
      schema: { body: S.CreateEndpointBody },
      responses: { 201: S.CreatedEndpoint },
      handler: ({ body }, ctx) =>
        services.createEndpoint({ ...body, tenantId: tenantOf(ctx.principal) }).map((created) => {
          ctx.setHeader("Location", `/v1/endpoints/${created.endpoint.id}`);
          return created;
        }),
    }),
    defineRoute({
      method: "GET",
      path: "/v1/endpoints",
      summary: "List endpoints, newest first",
      tags,
      auth: tenantAuth,
      schema: { query: S.PageQuery },
      responses: { 200: S.pageOf(S.Endpoint) },
      handler: ({ query }, ctx) => services.listEndpoints(tenantOf(ctx.principal), query),
    }),
    defineRoute({
      method: "GET",
      path: "/v1/endpoints/:id",
      summary: "Read an endpoint",
      tags,
      auth: tenantAuth,
      schema: { params: S.IdParams },
      responses: { 200: S.Endpoint },
      handler: ({ params }, ctx) => services.getEndpoint(tenantOf(ctx.principal), params.id),
    }),
    defineRoute({
      method: "PATCH",
      path: "/v1/endpoints/:id",
      summary: "Change an endpoint's fields; `disabled: false` re-enables it",
      tags,
      auth: tenantAuth,
      schema: { params: S.IdParams, body: S.EndpointFieldsBody },
      responses: { 200: S.Endpoint },
      handler: ({ params, body }, ctx) => services.updateEndpoint(tenantOf(ctx.principal), params.id, body),
    }),
    defineRoute({
      method: "DELETE",
      path: "/v1/endpoints/:id",
      summary: "Delete an endpoint",
      tags,
      auth: tenantAuth,
      schema: { params: S.IdParams },
      responses: { 204: null },
      handler: ({ params }, ctx) => services.deleteEndpoint(tenantOf(ctx.principal), params.id).map(() => undefined),
    }),
    defineRoute({
      method: "GET",
      path: "/v1/endpoints/:id/secret",
      summary: "Read an endpoint's current signing secret",
      tags,
      auth: tenantAuth,
      schema: { params: S.IdParams },
      responses: { 200: S.SecretAnswer },
      handler: ({ params }, ctx) => services.getEndpointSecret(tenantOf(ctx.principal), params.id),
    }),
    defineRoute({
      method: "POST",
      path: "/v1/endpoints/:id/secret/rotate",
      summary: "Rotate the secret; the old one keeps signing during the grace period",
      tags,
      auth: tenantAuth,
      schema: { params: S.IdParams, body: S.RotateSecretBody },
      responses: { 200: S.SecretAnswer },
      handler: ({ params, body }, ctx) => services.rotateSecret(tenantOf(ctx.principal), params.id, body.secret),
    }),
    defineRoute({
      method: "POST",
      path: "/v1/endpoints/:id/recover",
      summary: "Re-send every failed delivery of the endpoint since a time",
      tags,
      auth: tenantAuth,
      schema: { params: S.IdParams, body: S.RecoverBody },
      responses: { 202: S.Recovered },
      handler: ({ params, body }, ctx) => services.recoverEndpoint(tenantOf(ctx.principal), params.id, body.since),
    }),
  ];
}
