import { defineRoute, type HttpRoute } from "@hexkit/fastify";
import type { Services } from "../services.js";
import * as S from "./schemas.js";
import { defined, tenantAuth, tenantOf } from "./tenant.js";

const tags = ["dead-letters"];

/** /v1/dead-letters: deliveries that failed for good, and their replay. */
export function deadLetterRoutes(services: Services): HttpRoute[] {
  return [
    defineRoute({
      method: "GET",
      path: "/v1/dead-letters",
      summary: "List failed deliveries, newest failure first",
      tags,
      auth: tenantAuth,
      schema: { query: S.DeadLetterQuery },
      responses: { 200: S.pageOf(S.DeadLetter) },
      handler: ({ query }, ctx) => services.listDeadLetters(tenantOf(ctx.principal), defined({ endpointId: query.endpointId, since: query.since }), query),
    }),
    defineRoute({
      method: "POST",
      path: "/v1/dead-letters/:id/replay",
      summary: "Send a failed delivery again with a fresh retry schedule",
      tags,
      auth: tenantAuth,
      schema: { params: S.IdParams },
      responses: { 202: S.DeliveryStatus },
      handler: ({ params }, ctx) => services.replayDeadLetter(tenantOf(ctx.principal), params.id),
    }),
  ];
}
