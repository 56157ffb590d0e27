import { defineRoute, type HttpApp, type HttpRoute } from "@hexkit/fastify";
import { Readable } from "node:stream";
import { z } from "zod";
import type { WebhooksConfig } from "../config.js";
import { tenantAuth, tenantOf } from "../http/tenant.js";
import type { BulkReport, makeBulkIngest } from "./bulk-ingest.js";

/** The media types `POST /v1/messages/bulk` reads: one JSON message per line. */
export const ndjsonTypes = ["application/x-ndjson", "application/jsonl"] as const;

/**
 * Lets NDJSON bodies through to the route as the raw request stream (no
 * buffering, no body limit: the route reads it line by line with its own
 * per-line limit). Call once on the app, before it starts.
 */
export function acceptNdjson(app: HttpApp): void {
  app.fastify.addContentTypeParser([...ndjsonTypes], (_request, payload, done) => {
    done(null, payload);
  });
}

const BulkReportSchema = z.object({
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  deliveries: z.number(),
  errors: z.array(z.object({ line: z.number(), message: z.string() })).readonly(),
  errorsTruncated: z.boolean(),
}) satisfies z.ZodType<BulkReport>;

/** A readable body (what `acceptNdjson` passes on); anything else means the content type was not NDJSON. */
const StreamBody = z.custom<Readable>((value) => value instanceof Readable, "Send the messages as application/x-ndjson, one JSON object per line");

/**
 * `POST /v1/messages/bulk`: NDJSON in (`{"eventType", "payload", "idempotencyKey"?}`
 * per line), a report out (202) with each refused line's number and reason.
 * Its deadline is long (10 min): the body streams in while it runs.
 */
export function bulkIngestRoute(bulkIngest: ReturnType<typeof makeBulkIngest>, config: Pick<WebhooksConfig, "ingest">): HttpRoute {
  return defineRoute({
    method: "POST",
    path: "/v1/messages/bulk",
    summary: "Send many messages as NDJSON (application/x-ndjson); bad lines are reported by number, good lines go through",
    tags: ["messages"],
    auth: tenantAuth,
    schema: { body: StreamBody },
    responses: { 202: BulkReportSchema },
    timeoutMs: config.ingest.timeoutMs,
    // One request carries up to millions of messages: it counts as one call against the caller's limit.
    handler: ({ body }, ctx) =>
      bulkIngest({ tenantId: tenantOf(ctx.principal), body, signal: ctx.signal }, { batchSize: config.ingest.batchSize, maxErrors: config.ingest.maxErrors }),
  });
}
