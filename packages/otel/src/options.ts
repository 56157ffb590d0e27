import { z } from "zod";

/** Where finished spans go over OTLP/HTTP (protobuf-free JSON transport of the collector's `/v1/traces`). */
export const OtlpExportOptions = z
  .object({
    /** Collector endpoint, e.g. `http://otel-collector:4318/v1/traces`. */
    url: z.url(),
    /** Extra request headers (an API key for a vendor's collector). */
    headers: z.record(z.string(), z.string()).default({}),
    /** Deadline of one export request, in ms. */
    timeoutMs: z.number().int().positive().default(10_000),
    /** Spans held in memory while waiting to be exported; past it, new spans are dropped. */
    maxQueueSize: z.number().int().positive().default(2048),
    /** Spans per export request (at most `maxQueueSize`). */
    maxExportBatchSize: z.number().int().positive().default(512),
    /** Delay between two scheduled exports, in ms. */
    scheduledDelayMs: z.number().int().positive().default(5000),
  })
  .strict()
  .refine((o) => o.maxExportBatchSize <= o.maxQueueSize, { error: "maxExportBatchSize must not exceed maxQueueSize", path: ["maxExportBatchSize"] });

/** Options of `createOtelTracer`. Only `serviceName` is required. */
export const OtelTracerOptions = z
  .object({
    /** `service.name` of every span's resource, e.g. `webhooks`. */
    serviceName: z.string().min(1),
    /** `service.version`, e.g. the package version or a git sha. */
    serviceVersion: z.string().min(1).optional(),
    /** `deployment.environment.name`, e.g. `production`. */
    environment: z.string().min(1).optional(),
    /**
     * Share of new traces recorded, from 0 to 1. A span with a parent follows
     * the parent's sampled flag instead, so a trace is kept or dropped whole.
     */
    samplingRatio: z.number().min(0).max(1).default(1),
    /** Export over OTLP/HTTP. Without it spans are created and propagated (trace ids in logs) but not exported. */
    otlp: OtlpExportOptions.optional(),
    /**
     * Also install this tracer's provider, context manager and propagator as
     * OpenTelemetry's globals, so instrumentation libraries join its traces.
     * Off by default: several tracers (tests) must not fight over globals.
     */
    registerGlobal: z.boolean().default(false),
  })
  .strict();

/** What `createOtelTracer` accepts (defaults applied by the schema). */
export type OtelTracerOptionsInput = z.input<typeof OtelTracerOptions>;
/** Options after validation. */
export type OtelTracerConfig = z.output<typeof OtelTracerOptions>;

/** Validates `input`; throws a `TypeError` listing every problem when it is invalid. */
export function parseOtelOptions(input: unknown): OtelTracerConfig {
  const parsed = OtelTracerOptions.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  throw new TypeError(`Invalid @hexkit/otel options: ${problems.join("; ")}`);
}
