import type { HttpAppOptionsInput } from "@hexkit/fastify";
import type { WebhooksConfig } from "../config.js";
import type { Settings } from "../use-cases/deps.js";

/** The business settings the use cases apply, from config (one mapping for every composition). */
export function useCaseSettings(config: WebhooksConfig): Settings {
  return {
    policy: {
      schedule: config.delivery.schedule,
      jitterRatio: config.delivery.jitterRatio,
      disableAfterMs: config.delivery.disableAfterMs,
      maxRetryAfterMs: config.delivery.maxRetryAfterMs,
    },
    maxPayloadBytes: config.messages.maxPayloadBytes,
    secretGraceMs: config.endpoints.secretGraceMs,
  };
}

/** The HTTP adapter's options, from config (one mapping for every composition). */
export function httpAppOptions(config: WebhooksConfig): HttpAppOptionsInput {
  return {
    bodyLimitBytes: Math.max(config.server.bodyLimitBytes, config.messages.maxPayloadBytes + 4_096),
    shutdownDeadlineMs: config.server.shutdownDeadlineMs,
    rateLimit: { enabled: config.server.rateLimitPerMinute > 0, points: Math.max(1, config.server.rateLimitPerMinute), durationMs: 60_000 },
    securityHeaders: { enabled: true },
    openapi: { title: "hexkit webhooks", version: "0.1.0", description: "A Standard Webhooks delivery service" },
  };
}
