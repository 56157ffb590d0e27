import { type Result, type ValidationError, err, ok, validationError } from "@hexkit/core";
import { z } from "zod";
import { zodIssues } from "./validate.js";

/**
 * The options of `createHttpApp`, validated with zod. Every cross-cutting
 * concern has an `enabled` switch; one that needs a port (metrics, tracing,
 * context, rate limiting) runs only when that port is given as well.
 */
const toggle = { enabled: z.boolean().default(true) };

const requestIdHeaderName = z
  .string()
  .regex(/^[a-z0-9-]+$/, "a lower-case header name")
  .default("x-request-id");

export const HttpAppOptions = z
  .object({
    /** Largest accepted request body, in bytes; larger bodies get 413. */
    bodyLimitBytes: z.number().int().positive().default(1_048_576),
    /** Deadline of a route's handler, in ms; past it the answer is 504 and `ctx.signal` aborts. */
    requestTimeoutMs: z.number().int().positive().default(30_000),
    /** How long `close()` waits for in-flight requests, in ms, before aborting them. */
    shutdownDeadlineMs: z.number().int().nonnegative().default(10_000),
    /** Fastify's `trustProxy`: `true`, a hop count, or a list of trusted proxy addresses/CIDRs. */
    trustProxy: z.union([z.boolean(), z.number().int().nonnegative(), z.array(z.string().min(1))]).default(false),
    /** Accept a sane incoming request id (≤ 128 chars of `[A-Za-z0-9._:-]`) and echo it. */
    requestId: z.object({ ...toggle, header: requestIdHeaderName }).prefault({}),
    /** One line per request: method, route template, status, duration, correlation id. */
    accessLog: z
      .object({ ...toggle, level: z.enum(["trace", "debug", "info", "warn", "error"]).default("info") })
      .prefault({}),
    /** RED metrics per route template through the Metrics port (needs `metrics`). */
    metrics: z.object({ ...toggle, buckets: z.array(z.number().positive()).min(1).optional() }).prefault({}),
    /** A server span per request through the Tracer port, `traceparent` in and out (needs `tracer`). */
    tracing: z
      .object({
        ...toggle,
        /**
         * Answer every request with its server span's `traceparent`, so a
         * client can quote the trace. Off keeps trace ids out of answers to
         * clients that should not see them; the span, its parent and the
         * `traceparent` in the request's context (for jobs it enqueues) stay.
         */
        answerTraceparent: z.boolean().default(true),
      })
      .prefault({}),
    /** Run each request inside `context.run({ correlationId, traceId, tenantId })` (needs `context`). */
    context: z.object(toggle).prefault({}),
    /** Helmet's security headers with a strict CSP for a JSON API. */
    securityHeaders: z
      .object({ ...toggle, hstsMaxAgeSeconds: z.number().int().nonnegative().default(31_536_000) })
      .prefault({}),
    /** CORS; off unless origins are listed. */
    cors: z
      .object({
        enabled: z.boolean().default(false),
        /** Exact origins allowed, or `["*"]` for any (never with credentials). */
        origins: z.array(z.string().min(1)).default([]),
        credentials: z.boolean().default(false),
        maxAgeSeconds: z.number().int().nonnegative().default(600),
      })
      .prefault({})
      .refine((c) => !(c.credentials && c.origins.includes("*")), "credentials cannot be combined with origin '*'"),
    /** Rate limiting through the RateLimiter port (needs `rateLimiter`). */
    rateLimit: z
      .object({
        ...toggle,
        /** `principal`: per authenticated subject (public routes fall back to the IP); `ip`: per client address. */
        key: z.enum(["principal", "ip"]).default("principal"),
        points: z.number().int().positive().default(100),
        durationMs: z.number().int().positive().default(60_000),
        /** The policy name in `RateLimit` / `RateLimit-Policy`. */
        policyName: z.string().regex(/^[a-z][a-z0-9_-]*$/).default("default"),
        /** When the limiter itself fails: `allow` the request (logged) or answer 503. */
        onLimiterError: z.enum(["allow", "deny"]).default("allow"),
      })
      .prefault({}),
    /** Check each success body against the route's response schema (and strip unknown keys). */
    responseValidation: z.object(toggle).prefault({}),
    /** `/healthz` and `/readyz`. */
    health: z
      .object({
        ...toggle,
        livenessPath: z.string().startsWith("/").default("/healthz"),
        readinessPath: z.string().startsWith("/").default("/readyz"),
        /** Each readiness check's deadline, in ms. */
        checkTimeoutMs: z.number().int().positive().default(2_000),
      })
      .prefault({}),
    /** The OpenAPI 3.1 document of the routes. */
    openapi: z
      .object({
        ...toggle,
        path: z.string().startsWith("/").default("/openapi.json"),
        title: z.string().min(1).default("API"),
        version: z.string().min(1).default("0.0.0"),
        description: z.string().optional(),
        servers: z.array(z.object({ url: z.string().min(1), description: z.string().optional() })).default([]),
      })
      .prefault({}),
    /** How problem details are rendered. */
    problems: z
      .object({
        /** Prefix of every problem `type` URI; the kind's slug is appended. */
        typeBaseUri: z.string().min(1).default("urn:hexkit:problem:"),
        /** `Retry-After` seconds sent with 503 answers. */
        unavailableRetryAfterSeconds: z.number().int().nonnegative().default(5),
      })
      .prefault({}),
  })
  .strict();

/** Options as written by the caller: everything has a default. */
export type HttpAppOptionsInput = z.input<typeof HttpAppOptions>;
/** Options after validation, with every default filled in. */
export type HttpAppSettings = z.output<typeof HttpAppOptions>;

/** Validates `input`; every issue is reported, prefixed with `options`. */
export function parseHttpAppOptions(input: unknown): Result<HttpAppSettings, ValidationError> {
  const parsed = HttpAppOptions.safeParse(input ?? {});
  return parsed.success
    ? ok(parsed.data)
    : err(validationError(zodIssues(parsed.error.issues, ["options"]), "Invalid @hexkit/fastify options"));
}
