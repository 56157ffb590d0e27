import { err, fromPromise, invalid, ok, type ResultAsync, type ValidationError } from "@hexkit/core";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { RepositoryError } from "../repository-error.js";
import type { PgDatabase } from "./pg-database.js";
import { toRepositoryError } from "./to-repository-error.js";

/** The app's SQL migrations: `apps/webhooks/migrations/NNNN_name.sql`, applied in name order. */
export const defaultMigrationsDir: string = fileURLToPath(new URL("../../../migrations/", import.meta.url));

/** One migration file. */
export interface Migration {
  /** The file name without `.sql`, e.g. `0001_init`; the version recorded in `schema_migrations`. */
  readonly version: string;
  readonly sql: string;
}

/** What `migrate` did. */
export interface MigrationReport {
  /** Versions applied by this call, in order. */
  readonly applied: readonly string[];
  /** Versions that were already there. */
  readonly skipped: readonly string[];
}

/** Reads every `*.sql` file of `dir`, sorted by name. */
export function readMigrations(dir: string = defaultMigrationsDir): ResultAsync<readonly Migration[], ValidationError> {
  return fromPromise(
    (async () => {
      const names = (await readdir(dir)).filter((n) => n.endsWith(".sql")).sort();
      return Promise.all(names.map(async (name) => ({ version: name.slice(0, -4), sql: await readFile(`${dir}/${name}`, "utf8") })));
    })(),
    (cause) => invalid(["migrationsDir"], `Cannot read migrations from ${dir}: ${cause instanceof Error ? cause.message : String(cause)}`),
  );
}

/**
 * Applies the migrations not yet recorded in `schema_migrations` (in the
 * connection's schema; created if absent, the schema too), each file in its
 * own transaction together with its record, so a failed file leaves nothing
 * half-done. A session advisory lock per schema makes concurrent callers
 * (several processes starting at once) wait for each other: each version is
 * applied exactly once. Idempotent: a second call applies nothing.
 */
export function migrate(db: PgDatabase, migrations: readonly Migration[]): ResultAsync<MigrationReport, RepositoryError> {
  const timeoutMs = db.settings.statementTimeoutMs;
  return fromPromise(
    (async (): Promise<MigrationReport> => {
      const client = await db.pool.connect();
      let broken: Error | undefined;
      // Checked out, the connection has no pool listener: a termination must not crash the process.
      const onLost = (cause: Error): void => {
        broken = cause;
      };
      client.on("error", onLost);
      try {
        if (db.settings.schema !== undefined) await client.query(`create schema if not exists ${db.settings.schema}`);
        // Migrations may take longer than one API statement is allowed to.
        await client.query("set statement_timeout = 0");
        await client.query("select pg_advisory_lock(hashtext('hexkit-webhooks-migrate:' || current_schema()))");
        try {
          await client.query("create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())");
          const done = new Set((await client.query<{ version: string }>("select version from schema_migrations")).rows.map((r) => r.version));
          const applied: string[] = [];
          const skipped: string[] = [];
          for (const migration of migrations) {
            if (done.has(migration.version)) {
              skipped.push(migration.version);
              continue;
            }
            await client.query("begin");
            try {
              await client.query(migration.sql);
              await client.query("insert into schema_migrations (version) values ($1)", [migration.version]);
              await client.query("commit");
            } catch (cause) {
              await client.query("rollback").catch(() => undefined);
              throw cause;
            }
            applied.push(migration.version);
          }
          return { applied, skipped };
        } finally {
          await client.query("select pg_advisory_unlock(hashtext('hexkit-webhooks-migrate:' || current_schema()))").catch(() => undefined);
          await client.query(`set statement_timeout = ${db.settings.statementTimeoutMs}`).catch(() => undefined);
        }
      } catch (cause) {
        broken = cause instanceof Error ? cause : new Error(String(cause));
        throw cause;
      } finally {
        // A connection whose migration failed may be mid-transaction or hold the lock: drop it.
        client.removeListener("error", onLost);
        client.release(broken);
      }
    })(),
    (cause) => toRepositoryError(cause, "migrate", timeoutMs),
  );
}

/** Checks that every migration of `migrations` is applied; a `ValidationError` naming the missing ones otherwise. */
export function pendingMigrations(db: PgDatabase, migrations: readonly Migration[]): ResultAsync<readonly string[], RepositoryError> {
  return db
    .query<{ version: string }>("migrations.pending", "select version from schema_migrations")
    .map((rows) => {
      const done = new Set(rows.map((r) => r.version));
      return migrations.map((m) => m.version).filter((v) => !done.has(v));
    })
    .orElse((e) => (e._tag === "Unavailable" && isMissingTable(e.cause) ? ok(migrations.map((m) => m.version)) : err(e)));
}

const isMissingTable = (cause: unknown): boolean =>
  typeof cause === "object" && cause !== null && (cause as { code?: unknown }).code === "42P01";

/** One line saying what a report means, for logs and the CLI. */
export function describeMigrations(report: MigrationReport): string {
  return report.applied.length === 0 ? `up to date (${report.skipped.length} applied before)` : `applied ${report.applied.join(", ")}`;
}
