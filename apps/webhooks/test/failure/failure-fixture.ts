import { startRedisServer, type TestRedisServer } from "@hexkit/testing";
import { afterAll, beforeAll } from "vitest";
import { type AppProcess, baseEnv, createTestDatabase, startApp, type TestDatabase } from "./processes.js";

/** What one failure test file works with; `db` and `redis` exist from `beforeAll` on. */
export interface FailureFixture {
  /** The file's own database (see `createTestDatabase`). */
  readonly db: TestDatabase;
  /** The file's own redis-server, without persistence: `kill()` then `restart()` loses every key. */
  readonly redis: TestRedisServer;
  /** `baseEnv` for this database and Redis, with `overrides` on top. */
  env(overrides?: Record<string, string>): Record<string, string>;
  /** Starts a service process (see `startApp`) that `afterAll` kills (SIGKILL) and waits for. */
  startApp(role: "api" | "worker" | "all", env: Record<string, string>): Promise<AppProcess>;
}

/**
 * Registers, for the calling test file, `beforeAll` (a database and a
 * redis-server of its own) and `afterAll` (every process it started is
 * SIGKILLed and awaited, then Redis is stopped and the database dropped).
 * Call once, at the top level of the file.
 */
export function useFailureFixture(): FailureFixture {
  let db: TestDatabase | undefined;
  let redis: TestRedisServer | undefined;
  const processes: AppProcess[] = [];
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the failure fixture is used before beforeAll ran");
    return value;
  };

  beforeAll(async () => {
    // Each is kept as soon as it exists, so afterAll cleans up even when the other failed.
    await Promise.all([createTestDatabase().then((d) => (db = d)), startRedisServer().then((r) => (redis = r))]);
  });
  afterAll(async () => {
    for (const p of processes) p.kill();
    await Promise.all(processes.map((p) => p.exited));
    await redis?.stop();
    await db?.drop();
  });

  return {
    get db() {
      return started(db);
    },
    get redis() {
      return started(redis);
    },
    env: (overrides = {}) => ({ ...baseEnv(started(db), started(redis).url), ...overrides }),
    startApp: async (role, env) => {
      const app = await startApp(role, env);
      processes.push(app);
      return app;
    },
  };
}
