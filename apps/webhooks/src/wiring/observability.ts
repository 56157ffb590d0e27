import type { AppError, ContextStore, Logger, Metrics } from "@hexkit/core";
import type { HttpApp } from "@hexkit/fastify";
import { createOtelTracer, type OtelTracer } from "@hexkit/otel";
import { createPrometheusMetrics, type PrometheusMetrics } from "@hexkit/prometheus";
import type { WebhooksConfig } from "../config.js";
import type { RelayObserver } from "../outbox/outbox-relay.js";
import type { DeliverOutcome } from "../use-cases/deliveries/deliver.js";

/** The process's metrics registry, or none when `metrics.enabled` is false. */
export function createMetrics(config: WebhooksConfig, logger: Logger): PrometheusMetrics | undefined {
  if (!config.metrics.enabled) return undefined;
  return createPrometheusMetrics({ defaultLabels: { service: "webhooks", role: config.role } }, { logger });
}

/**
 * An OTLP-exporting tracer when `tracing.otlpUrl` is set; otherwise none (no
 * spans at all). The active span lives in the app's context store, so log
 * lines carry its trace id and the process keeps one AsyncLocalStorage, not two.
 */
export function createTracer(config: WebhooksConfig, logger: Logger, context: ContextStore): OtelTracer | undefined {
  const { otlpUrl, serviceName, samplingRatio } = config.tracing;
  if (otlpUrl === undefined) return undefined;
  return createOtelTracer({ serviceName, serviceVersion: "0.1.0", samplingRatio, otlp: { url: otlpUrl } }, { logger, context });
}

/**
 * Serves the registry at `metrics.path` (Prometheus text format), outside
 * the API's auth: scrape it from the private network only.
 */
export function registerMetricsRoute(app: HttpApp, metrics: PrometheusMetrics, path: string): void {
  app.fastify.get(path, async (_request, reply) => {
    const text = await metrics.metricsText();
    if (text.isErr()) return reply.code(500).type("text/plain").send("metrics collection failed");
    return reply.type(metrics.contentType).send(text.value);
  });
}

/** What the delivery worker records per job. */
export interface DeliveryMetrics {
  outcome(outcome: DeliverOutcome): void;
  failed(error: AppError): void;
}

/**
 * `webhook_delivery_jobs_total{result}`: every deliver job's result —
 * `succeeded`/`failed` (an attempt was made), `held` (breaker or endpoint
 * rate limit), `skipped` (stale or finished delivery), `error` (the store or
 * cache failed; the queue runs it again).
 */
export function deliveryMetrics(metrics: Metrics | undefined): DeliveryMetrics {
  const jobs = metrics?.counter({ name: "webhook_delivery_jobs_total", help: "Deliver jobs run, by result", labelNames: ["result"] });
  return {
    outcome(outcome) {
      const result = outcome.kind === "attempted" ? (outcome.succeeded ? "succeeded" : "failed") : outcome.kind;
      jobs?.inc({ result });
    },
    failed() {
      jobs?.inc({ result: "error" });
    },
  };
}

/** `webhook_outbox_relayed_total`, `webhook_outbox_swept_total` and `webhook_outbox_errors_total{error}`. */
export function relayMetrics(metrics: Metrics | undefined): RelayObserver | undefined {
  if (metrics === undefined) return undefined;
  const relayed = metrics.counter({ name: "webhook_outbox_relayed_total", help: "Outbox rows whose job reached the queue" });
  const swept = metrics.counter({ name: "webhook_outbox_swept_total", help: "Overdue deliveries rescheduled because their job was lost" });
  const errors = metrics.counter({ name: "webhook_outbox_errors_total", help: "Relay batches that failed (rows stay and are retried), by error", labelNames: ["error"] });
  return {
    relayed: (n) => {
      relayed.inc({}, n);
    },
    swept: (n) => {
      swept.inc({}, n);
    },
    failed: (e) => {
      errors.inc({ error: e._tag });
    },
  };
}
