import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { BatchSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { type OtelTracer, type OtelTracerDeps, assemble } from "./assemble.js";
import { type OtelTracerOptionsInput, parseOtelOptions } from "./options.js";
import { reportingExporter } from "./reporting-exporter.js";

/**
 * Creates the Tracer port on the OpenTelemetry SDK (no auto-instrumentation):
 * an AsyncLocalStorage context manager keeps the active span with the async
 * flow, W3C `traceparent`/`tracestate` carry it across processes, and, with
 * `otlp` set, finished spans are batched and exported over OTLP/HTTP.
 *
 * Guarantees: no port method throws or rejects (a `withSpan` callback that
 * itself throws is a bug and its exception propagates); tracing never fails
 * a request: export errors drop the batch and are logged. A sampled-out trace
 * still has ids and propagates (`traceparent` with flag 00).
 *
 * Throws `TypeError` when `options` are invalid (at composition, never later).
 */
export function createOtelTracer(options: OtelTracerOptionsInput, deps: OtelTracerDeps = {}): OtelTracer {
  const config = parseOtelOptions(options);
  const processors: SpanProcessor[] = [];
  if (config.otlp !== undefined) {
    const { url, headers, timeoutMs, maxQueueSize, maxExportBatchSize, scheduledDelayMs } = config.otlp;
    const exporter = new OTLPTraceExporter({ url, headers, timeoutMillis: timeoutMs });
    processors.push(
      new BatchSpanProcessor(reportingExporter(exporter, deps.logger), {
        maxQueueSize,
        maxExportBatchSize,
        scheduledDelayMillis: scheduledDelayMs,
        exportTimeoutMillis: timeoutMs,
      }),
    );
  }
  return assemble(config, processors, deps);
}
