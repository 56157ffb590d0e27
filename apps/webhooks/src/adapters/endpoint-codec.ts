import { type Result, err, ok, validationError, type ValidationError } from "@hexkit/core";
import { z } from "zod";
import type { Endpoint } from "../domain/endpoint.js";

/** The stored shape of an endpoint, for stores that hold it as JSON (caches, JSON columns). */
export const EndpointRecord = z.object({
  id: z.string(),
  tenantId: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()).nullable(),
  secret: z.string(),
  previousSecrets: z.array(z.object({ secret: z.string(), expiresAt: z.number() })),
  disabled: z.boolean(),
  disabledReason: z.enum(["manual", "gone", "failing"]).nullable(),
  rateLimitPerSecond: z.number().nullable(),
  metadata: z.record(z.string(), z.string()),
  failingSince: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** Checks that `raw` is an endpoint; a `ValidationError` naming every mismatch otherwise. */
export function decodeEndpoint(raw: unknown): Result<Endpoint, ValidationError> {
  const parsed = EndpointRecord.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  return err(validationError(parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: i.message, code: i.code }))));
}
