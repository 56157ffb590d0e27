import { fromPromise, ok, type Result, type ResultAsync } from "@hexkit/core";
import pg from "pg";
import type { z } from "zod";
import type { RepositoryError } from "../repository-error.js";
import { PostgresOptions, type PostgresSettings } from "./pg-options.js";
import { toRepositoryError } from "./to-repository-error.js";

/** Runs statements inside one transaction; throws on failure (the transaction maps it once, at its edge). */
export interface Tx {
  query<R extends object = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]>;
}

/**
 * A connection pool and the two ways the adapters use it. Every failure is a
 * `RepositoryError` value; nothing the driver throws escapes.
 */
export interface PgDatabase {
  readonly settings: PostgresSettings;
  /** The underlying pool, for the migrator and tests. */
  readonly pool: pg.Pool;
  /** One statement, outside any explicit transaction. */
  query<R extends object = Record<string, unknown>>(operation: string, text: string, values?: readonly unknown[]): ResultAsync<R[], RepositoryError>;
  /**
   * Runs `work` in a transaction (READ COMMITTED): committed when it resolves,
   * rolled back when it throws. `work` must only touch the database through `tx`.
   */
  transaction<T>(operation: string, work: (tx: Tx) => Promise<T>): ResultAsync<T, RepositoryError>;
  /**
   * Like `transaction`, but `work` answers a `Result`: `Ok` commits, `Err`
   * rolls back and is answered as it is (for steps that call other ports).
   */
  decide<T, E>(operation: string, work: (tx: Tx) => Promise<Result<T, E>>): ResultAsync<T, RepositoryError | E>;
  /** Closes every connection; idempotent, never rejects. */
  close(): Promise<void>;
}

/**
 * Opens a pool on `options.url` with `search_path` set to `options.schema`
 * (when given), a server-side `statement_timeout`, and a client-side query
 * timeout a little above it so a silent network never hangs a caller.
 * Connections are made lazily: creating the pool does no I/O.
 * Throws a `TypeError` on invalid options (a composition-time error).
 */
export function createPgDatabase(options: z.input<typeof PostgresOptions>, deps: { onIdleError?: (cause: unknown) => void } = {}): PgDatabase {
  const parsed = PostgresOptions.safeParse(options);
  if (!parsed.success) throw new TypeError(`Invalid PostgreSQL options: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const settings = parsed.data;
  const startup = [`-c statement_timeout=${settings.statementTimeoutMs}`];
  if (settings.schema !== undefined) startup.push(`-c search_path=${settings.schema}`);
  const pool = new pg.Pool({
    connectionString: settings.url,
    max: settings.poolSize,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    idleTimeoutMillis: settings.idleTimeoutMs,
    query_timeout: settings.statementTimeoutMs + 1_000,
    application_name: settings.applicationName,
    options: startup.join(" "),
  });
  // An idle connection that dies (server restart, terminated backend) is
  // reported here; without a listener the pool would crash the process.
  pool.on("error", (cause) => deps.onIdleError?.(cause));
  const fail = (operation: string) => (cause: unknown) => toRepositoryError(cause, operation, settings.statementTimeoutMs);

  // Commits on Ok, rolls back on Err or a throw; a throw is the driver's (or a bug) and is mapped once, here.
  const decide = <T, E>(operation: string, work: (tx: Tx) => Promise<Result<T, E>>): ResultAsync<T, RepositoryError | E> =>
    fromPromise(
      (async (): Promise<Result<T, E>> => {
        const client = await pool.connect();
        let broken: unknown;
        // A checked-out connection has no pool listener: one terminated between two statements
        // (server restart, pg_terminate_backend) would emit an unhandled 'error' and crash the process.
        const onLost = (cause: Error): void => {
          broken = cause;
        };
        client.on("error", onLost);
        try {
          await client.query("begin");
          const tx: Tx = { query: async (text, values) => (await client.query(text, values as unknown[] | undefined)).rows as never };
          const outcome = await work(tx);
          await client.query(outcome.isOk() ? "commit" : "rollback");
          return outcome;
        } catch (cause) {
          broken = cause;
          await client.query("rollback").catch((rollbackFailure: unknown) => {
            // The connection is gone or unusable: make the pool drop it.
            broken = rollbackFailure;
          });
          throw cause;
        } finally {
          client.removeListener("error", onLost);
          client.release(broken instanceof Error && isConnectionError(broken) ? broken : undefined);
        }
      })(),
      fail(operation),
    ).andThen((outcome) => outcome);

  let closing: Promise<void> | undefined;
  return {
    settings,
    pool,
    query: (operation, text, values) =>
      fromPromise(pool.query(text, values as unknown[] | undefined), fail(operation)).map((result) => result.rows as never),
    transaction: (operation, work) => decide(operation, async (tx) => ok(await work(tx))),
    decide,
    close: () => (closing ??= pool.end().catch(() => undefined)),
  };
}

/** True for errors after which the connection should not go back to the pool. */
function isConnectionError(cause: Error): boolean {
  const code = (cause as { code?: unknown }).code;
  return code === undefined || (typeof code === "string" && (code.startsWith("08") || code.startsWith("57P")));
}
