import type { Logger } from "@hexkit/core";
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";

/**
 * Wraps an exporter so that a failed export is logged (one warn line per
 * failed batch, with the span count and the error message) instead of
 * vanishing into OpenTelemetry's silent default error handler. The spans of a
 * failed batch are lost either way; the service is unaffected.
 */
export function reportingExporter(inner: SpanExporter, logger: Logger | undefined): SpanExporter {
  if (logger === undefined) return inner;
  return {
    export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
      inner.export(spans, (result) => {
        if (result.code !== ExportResultCode.SUCCESS) {
          logger.warn("Span export failed; the batch is dropped", { spans: spans.length, error: result.error?.message ?? "unknown" });
        }
        resultCallback(result);
      });
    },
    shutdown: () => inner.shutdown(),
    ...(inner.forceFlush === undefined ? {} : { forceFlush: () => inner.forceFlush?.() ?? Promise.resolve() }),
  };
}
