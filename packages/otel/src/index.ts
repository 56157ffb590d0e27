/**
 * @hexkit/otel — the Tracer port on OpenTelemetry: spans with attributes,
 * status from Result errors, W3C trace context in and out, OTLP/HTTP export,
 * and an in-memory tracer for tests.
 */
export { createOtelTracer } from "./otel-tracer.js";
export { createTestTracer, summarize, type FinishedSpan, type TestTracer } from "./test-tracer.js";
export type { OtelTracer, OtelTracerDeps } from "./assemble.js";
export { OtelTracerOptions, OtlpExportOptions, parseOtelOptions, type OtelTracerOptionsInput, type OtelTracerConfig } from "./options.js";
