import { logLevels } from "@hexkit/core";
import { z } from "zod";

/** Well-known context keys written on every line by default. */
export const defaultContextFields = ["correlationId", "traceId", "tenantId"] as const;

/**
 * Options of `createPinoLogger`, validated by this schema. Every field has a
 * default, and every field is plain data, so the schema can sit inside an
 * application's config schema (`log: PinoLoggerOptions`).
 */
export const PinoLoggerOptions = z.object({
  /** Lowest level written. */
  level: z.enum(logLevels).default("info"),
  /** `json` (one JSON object a line, for production) or `pretty` (needs the optional `pino-pretty`, for development). */
  format: z.enum(["json", "pretty"]).default("json"),
  /** Written as `name` on every line. */
  name: z.string().min(1).optional(),
  /** Static fields on every line (service, version, region). `pid` and `hostname` are added unless `pidAndHostname` is false. */
  base: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  pidAndHostname: z.boolean().default(true),
  /** `time` as epoch milliseconds (fastest), ISO 8601 text, or left out. */
  timestamp: z.enum(["epoch", "iso", "none"]).default("epoch"),
  /** Context values written on every line, or `all` for every key of the context. */
  contextFields: z.union([z.array(z.string().min(1)), z.literal("all")]).default([...defaultContextFields]),
  redact: z
    .object({
      /** Redact the built-in secret names (authorization, cookie, password, token, secret, apiKey, …). */
      defaults: z.boolean().default(true),
      /** More field names to redact wherever they appear (compared case-insensitively). */
      keys: z.array(z.string().min(1)).default([]),
      /** pino redaction paths (`req.body.card`, `users[*].ssn`) for values that a name alone cannot identify. */
      paths: z.array(z.string().min(1)).default([]),
      /** Replacement text. */
      censor: z.string().default("[Redacted]"),
      /** How deep into nested fields names are looked for (1 = top-level fields only). */
      maxDepth: z.number().int().min(1).max(32).default(8),
    })
    .prefault({}),
  /** Where lines go when no destination stream is passed in `deps`: `stdout`, `stderr`, or a file (appended; parent directories created). */
  destination: z.union([z.literal("stdout"), z.literal("stderr"), z.object({ path: z.string().min(1) })]).default("stdout"),
  /**
   * Write synchronously. Default false: lines are buffered in memory and
   * written by libuv's thread pool, so a slow destination never blocks the
   * event loop; buffered lines are flushed on exit and on SIGTERM/SIGINT.
   */
  sync: z.boolean().default(false),
  /**
   * Buffer at least this many bytes before writing (0 = write as soon as the
   * previous write completes, which already batches lines under load). Below
   * 16 KiB, sonic-boom's largest single write.
   */
  bufferBytes: z.number().int().min(0).max(16 * 1024 - 1).default(0),
  /** With `bufferBytes` > 0, also write whatever is buffered this often, in ms. */
  flushIntervalMs: z.number().int().positive().default(1000),
  /** Drop lines (counted in `dropped()`) rather than buffer more than this many bytes; 0 = unbounded. */
  maxBufferBytes: z.number().int().min(0).default(0),
  /** Write out buffered lines on SIGTERM and SIGINT, then let the signal take its course if nothing else handles it. */
  flushOnSignals: z.boolean().default(true),
  /**
   * How long the signal hook waits while the destination accepts nothing at
   * all before letting the signal through anyway (the rest of the buffer is
   * lost, and that is reported on stderr), in ms. Counted from the last write
   * that got bytes through, not from the signal: a slow reader is waited for.
   */
  signalFlushTimeoutMs: z.number().int().min(0).default(3000),
  /** Options of pino-pretty when `format` is `pretty`. */
  pretty: z
    .object({
      colorize: z.boolean().optional(),
      /** pino-pretty's `translateTime`, e.g. `SYS:HH:MM:ss.l`. */
      translateTime: z.string().default("SYS:HH:MM:ss.l"),
      ignore: z.string().default("pid,hostname"),
      singleLine: z.boolean().default(false),
    })
    .prefault({}),
});

/** What the caller may pass (every field optional). */
export type PinoLoggerOptionsInput = z.input<typeof PinoLoggerOptions>;
/** The options after validation and defaults. */
export type PinoLoggerConfig = z.output<typeof PinoLoggerOptions>;
