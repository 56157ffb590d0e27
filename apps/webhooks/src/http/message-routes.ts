import { ok } from "@hexkit/core";
import { defineRoute, type HttpRoute } from "@hexkit/fastify";
import type { Services } from "../services.js";
import * as S from "./schemas.js";
import { defined, tenantAuth, tenantOf } from "./tenant.js";

const tags = ["messages"];

/** /v1/messages: create (fan-out), list, get with delivery status, attempts, replay. */
export function messageRoutes(services: Services): HttpRoute[] {
  return [
    defineRoute({
      method: "POST",
      path: "/v1/messages",
      summary: "Send a message to every endpoint subscribed to its event type (honours Idempotency-Key)",
      tags,
      auth: tenantAuth,
      schema: { body: S.CreateMessageBody, headers: S.IdempotencyHeaders },
      responses: { 202: S.AcceptedMessage },
      handler: ({ body, headers }, ctx) =>
        services
          .createMessage({ tenantId: tenantOf(ctx.principal), eventType: body.eventType, payload: body.payload, idempotencyKey: headers["idempotency-key"] })
          // andThen, not map: one promise step where neverthrow 8's map runs an awaiter frame, on every ingest request.
          .andThen((accepted) => {
            ctx.setHeader("Location", `/v1/messages/${accepted.message.id}`);
            if (!accepted.created) ctx.setHeader("Idempotent-Replayed", "true");
            return ok(accepted);
          }),
    }),
    defineRoute({
      method: "GET",
      path: "/v1/messages",
      summary: "List messages, newest first, by event type and time (`since` inclusive, `until` exclusive)",
      tags,
      auth: tenantAuth,
      schema: { query: S.MessageQuery },
      responses: { 200: S.pageOf(S.Message) },
      handler: ({ query }, ctx) =>
        services.listMessages(tenantOf(ctx.principal), defined({ eventType: query.eventType, since: query.since, until: query.until }), query),
    }),
    defineRoute({
      method: "GET",
      path: "/v1/messages/:id",
      summary: "Read a message with each endpoint's delivery status",
      tags,
      auth: tenantAuth,
      schema: { params: S.IdParams },
      responses: { 200: S.MessageWithDeliveries },
      handler: ({ params }, ctx) => services.getMessage(tenantOf(ctx.principal), params.id),
    }),
    defineRoute({
      method: "GET",
      path: "/v1/messages/:id/attempts",
      summary: "List a message's delivery attempts, newest first",
      tags,
      auth: tenantAuth,
      schema: { params: S.IdParams, query: S.AttemptQuery },
      responses: { 200: S.pageOf(S.Attempt) },
      handler: ({ params, query }, ctx) =>
        services.listAttempts(tenantOf(ctx.principal), params.id, defined({ endpointId: query.endpointId }), query).map((page) => ({
          data: page.data.map(({ tenantId: _tenant, ...attempt }) => attempt),
          nextCursor: page.nextCursor,
        })),
    }),
    defineRoute({
      method: "POST",
      path: "/v1/messages/:id/replay",
      summary: "Send a message again, now, to one endpoint or to all it went to",
      tags,
      auth: tenantAuth,
      schema: { params: S.IdParams, body: S.ReplayBody },
      responses: { 202: S.Replayed },
      handler: ({ params, body }, ctx) =>
        services.replayMessage(tenantOf(ctx.principal), params.id, body.endpointId).map((deliveries) => ({ deliveries })),
    }),
  ];
}
