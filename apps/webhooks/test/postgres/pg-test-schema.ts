import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate, readMigrations } from "../../src/adapters/postgres/migrate.js";
import { createPgDatabase, type PgDatabase } from "../../src/adapters/postgres/pg-database.js";

/** The PostgreSQL every integration test uses (trust auth); `DATABASE_URL` overrides it. */
export const testDatabaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A schema of its own for one test file: migrated, and dropped (cascade) by `drop`. */
export interface TestSchema {
  readonly name: string;
  readonly db: PgDatabase;
  /** Empties every table (fast, between tests). */
  truncate(): Promise<void>;
  drop(): Promise<void>;
}

/** Creates `hexkit_test_<random>`, applies the app's migrations there, and answers a database bound to it. */
export async function createTestSchema(): Promise<TestSchema> {
  const name = `hexkit_test_${randomBytes(6).toString("hex")}`;
  const db = createPgDatabase({ url: testDatabaseUrl, schema: name, poolSize: 4 });
  const migrations = (await readMigrations())._unsafeUnwrap();
  (await migrate(db, migrations))._unsafeUnwrap();
  return {
    name,
    db,
    truncate: async () => {
      await db.pool.query("delete from endpoints; delete from messages; delete from deliveries; delete from attempts; delete from outbox");
    },
    drop: async () => {
      await db.close();
      const admin = new pg.Client({ connectionString: testDatabaseUrl });
      await admin.connect();
      try {
        await admin.query(`drop schema if exists ${name} cascade`);
      } finally {
        await admin.end();
      }
    },
  };
}
