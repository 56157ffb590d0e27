import { secret } from "@hexkit/config";
import { z } from "zod";
import { defaultRetrySchedule } from "./domain/retry-schedule.js";
import { checkRoles, productionSections } from "./wiring/production-config.js";

/**
 * The app's configuration. Every setting has a default, so the service
 * starts with no file at all (embedded defaults: one process, in memory).
 * Read from `config.yaml` (or `--config <file>` / `WEBHOOKS_CONFIG`), then
 * overlaid by `WEBHOOKS__SECTION__KEY` variables, e.g.
 * `WEBHOOKS__EGRESS__ALLOW=127.0.0.0/8,::1/128`. Times in ms, sizes in bytes.
 */
const hour = 3_600_000;

export const WebhooksConfig = z
  .object({
    server: z
      .object({
        /** Interface to listen on; `0.0.0.0` to accept connections from other machines. */
        host: z.string().min(1).default("127.0.0.1"),
        /** TCP port; the `PORT` variable overrides it when set. */
        port: z.number().int().min(0).max(65_535).default(8080),
        bodyLimitBytes: z.number().int().positive().default(1_048_576),
        /** How long shutdown waits for in-flight requests. */
        shutdownDeadlineMs: z.number().int().nonnegative().default(10_000),
        /** Requests per minute per caller (0 turns the limit off). */
        rateLimitPerMinute: z.number().int().nonnegative().default(600),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(["trace", "debug", "info", "warn", "error", "fatal"]).default("info"),
      })
      .strict()
      .prefault({}),
    auth: z
      .object({
        /** HS256 secret (>= 32 bytes) for bearer tokens. Absent: a development secret is made and kept in `dataDir`. */
        jwtSecret: secret(z.string().min(32)).optional(),
        issuer: z.string().min(1).default("hexkit-webhooks"),
        audience: z.string().min(1).default("hexkit-webhooks"),
        /** The claim that carries the tenant id. */
        tenantClaim: z.string().min(1).default("tenant_id"),
        /** API keys as SHA-256 hashes (`cli api-key` makes one), each bound to a tenant. */
        apiKeys: z.array(z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/), tenantId: z.string().min(1), name: z.string().min(1).default("api-key") }).strict()).default([]),
      })
      .strict()
      .prefault({}),
    /** Where embedded defaults keep files (the development JWT secret). Relative to the working directory. */
    dataDir: z.string().min(1).default(".data"),
    delivery: z
      .object({
        /** Delay before each attempt; the first is the initial attempt's. */
        schedule: z.array(z.number().int().nonnegative()).min(1).default([...defaultRetrySchedule]),
        /** ±share of each delay spread at random. */
        jitterRatio: z.number().min(0).max(1).default(0.1),
        /** Disable an endpoint that has failed without a success for this long (default 5 days). */
        disableAfterMs: z.number().int().positive().default(5 * 24 * hour),
        /** Cap on a receiver's `Retry-After`. */
        maxRetryAfterMs: z.number().int().positive().default(24 * hour),
        connectTimeoutMs: z.number().int().positive().default(5_000),
        /** Deadline of one attempt, connect to last byte. */
        timeoutMs: z.number().int().positive().default(15_000),
        /** Response body kept per attempt. */
        maxResponseBytes: z.number().int().nonnegative().default(4_096),
        /** Deliveries in flight at once in this process. */
        concurrency: z.number().int().positive().default(16),
        /** How long shutdown waits for in-flight deliveries before leaving them to run again. */
        stopDeadlineMs: z.number().int().nonnegative().default(10_000),
      })
      .strict()
      .prefault({}),
    circuitBreaker: z
      .object({
        /** Failures within `windowMs` that open an endpoint's circuit. */
        failureThreshold: z.number().int().positive().default(10),
        windowMs: z.number().int().positive().default(60_000),
        /** How long an open circuit holds deliveries back before one probe goes. */
        coolDownMs: z.number().int().positive().default(30_000),
      })
      .strict()
      .prefault({}),
    messages: z
      .object({
        /** Largest message payload, serialised. */
        maxPayloadBytes: z.number().int().positive().default(256 * 1024),
      })
      .strict()
      .prefault({}),
    endpoints: z
      .object({
        /** How long a rotated-out secret keeps signing (default 24 h). */
        secretGraceMs: z.number().int().nonnegative().default(24 * hour),
        /** How long the worker's cached copy of an endpoint may be used. */
        cacheTtlMs: z.number().int().positive().default(30_000),
      })
      .strict()
      .prefault({}),
    egress: z
      .object({
        /**
         * Exceptions to the SSRF guard: CIDRs (`127.0.0.0/8`, `::1/128`),
         * addresses, or host names. Empty by default: no loopback, private,
         * link-local or metadata address is ever delivered to.
         */
        allow: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
    // Production wiring (PostgreSQL, Redis, BullMQ, roles, metrics, tracing): see src/wiring/production-config.ts.
    ...productionSections,
  })
  .strict()
  .superRefine(checkRoles);

/** The validated configuration, every default filled in. */
export type WebhooksConfig = z.output<typeof WebhooksConfig>;

/** Environment naming: `WEBHOOKS__DELIVERY__TIMEOUT_MS`; the file is `WEBHOOKS_CONFIG` or `config.yaml`. */
export const configEnv = { envPrefix: "WEBHOOKS" } as const;

/** The configuration with every default: what `compose` gets when nothing is configured. */
export function defaultConfig(overrides: z.input<typeof WebhooksConfig> = {}): WebhooksConfig {
  return WebhooksConfig.parse(overrides);
}
