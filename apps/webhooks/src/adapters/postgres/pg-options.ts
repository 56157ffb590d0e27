import { z } from "zod";

/**
 * Options of the PostgreSQL adapters. Times in ms. `schema` puts every table
 * in that schema (set as the connection's `search_path`), so one database can
 * hold several isolated installations (tests use one schema per run).
 */
export const PostgresOptions = z
  .object({
    /** A libpq connection URL, e.g. `postgres://postgres@127.0.0.1:5432/webhooks`. */
    url: z.string().min(1),
    /** The schema the tables live in; absent: the server's default `search_path` (`public`). */
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, "A lower-case SQL identifier")
      .optional(),
    /** Connections this process holds at most. */
    poolSize: z.number().int().positive().default(10),
    /** How long a query waits for a connection before it fails `Unavailable`. */
    connectTimeoutMs: z.number().int().positive().default(2_000),
    /** Server-side limit of one statement; past it the statement is cancelled and answers `Timeout`. */
    statementTimeoutMs: z.number().int().positive().default(5_000),
    /** Idle connections are closed after this long. */
    idleTimeoutMs: z.number().int().positive().default(30_000),
    /** Shown in `pg_stat_activity`. */
    applicationName: z.string().min(1).default("hexkit-webhooks"),
  })
  .strict();

/** Validated PostgreSQL options, defaults filled in. */
export type PostgresSettings = z.output<typeof PostgresOptions>;
