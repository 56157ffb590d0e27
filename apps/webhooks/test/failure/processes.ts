import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { mintToken } from "../../src/auth/mint-token.js";
import { testDatabaseUrl } from "../postgres/pg-test-schema.js";

/*
 * Real processes for the failure tests: the service started exactly as in
 * production (`node --conditions=@hexkit/source --import tsx src/main.ts`,
 * configured by environment), and a database of the test's own; the
 * redis-server of its own comes from `startRedisServer` (@hexkit/testing).
 * Everything is stopped by PID, never by name.
 */

const appDir = join(import.meta.dirname, "../..");
export const jwtSecret = "failure-tests-secret-at-least-32-bytes-long";

/** One service process. */
export interface AppProcess {
  readonly role: string;
  readonly child: ChildProcess;
  readonly url: string;
  readonly lines: readonly Record<string, unknown>[];
  readonly exited: Promise<number | null>;
  /** What it wrote to stderr so far (crash traces). */
  stderr(): string;
  /** SIGKILL if still running; for cleanup. */
  kill(): void;
}

/** Starts the service with `env` (WEBHOOKS__… settings) and resolves once it listens. */
export async function startApp(role: "api" | "worker" | "all", env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, ["--conditions=@hexkit/source", "--import", "tsx", "src/main.ts"], {
    cwd: appDir,
    env: { ...process.env, PORT: "0", WEBHOOKS__ROLE: role, WEBHOOKS__LOG__LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => { resolve(code); }));
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = "";
    child.stdout.on("data", (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const text = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const line = JSON.parse(text) as Record<string, unknown>;
          lines.push(line);
          if (typeof line.url === "string" && String(line.msg).includes("listening")) resolve(line.url);
        } catch {
          // Not a log line (a stray print): keep it out of the structured lines.
        }
      }
    });
    void exited.then((code) => { reject(new Error(`${role} exited with ${String(code)} before listening: ${stderr}`)); });
  });
  return {
    role,
    child,
    url,
    lines,
    exited,
    stderr: () => stderr,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

/** A PostgreSQL database of the test's own, which the test can make refuse connections (the shared server stays up). */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Refuses new connections and terminates every open one to this database. */
  takeDown(): Promise<void>;
  bringUp(): Promise<void>;
  drop(): Promise<void>;
  query<R extends object>(text: string, values?: unknown[]): Promise<R[]>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `hexkit_fail_${randomBytes(5).toString("hex")}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = testDatabaseUrl.replace(/\/[^/]*$/, `/${name}`);
  const terminate = (c: pg.Client) => c.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [name]);
  return {
    name,
    url,
    takeDown: () =>
      admin(async (c) => {
        await c.query(`alter database ${name} allow_connections false`);
        await terminate(c);
      }),
    bringUp: () => admin((c) => c.query(`alter database ${name} allow_connections true`)).then(() => undefined),
    drop: () =>
      admin(async (c) => {
        // FORCE (PostgreSQL 13+) terminates any connection still open, so a leftover backend never keeps it.
        await c.query(`drop database if exists ${name} with (force)`);
      }),
    query: async <R extends object>(text: string, values?: unknown[]) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(text, values)).rows as R[];
      } finally {
        await client.end();
      }
    },
  };
}

/** Settings every failure test's processes share: short locks and sweeps so recovery happens within seconds. */
export function baseEnv(db: TestDatabase, redisUrl: string): Record<string, string> {
  return {
    WEBHOOKS__POSTGRES__URL: db.url,
    WEBHOOKS__REDIS__URL: redisUrl,
    WEBHOOKS__REDIS__KEY_PREFIX: `fail${db.name.slice(-10)}`,
    WEBHOOKS__AUTH__JWT_SECRET: jwtSecret,
    WEBHOOKS__EGRESS__ALLOW: "127.0.0.0/8",
    WEBHOOKS__SERVER__RATE_LIMIT_PER_MINUTE: "0",
    WEBHOOKS__DELIVERY__SCHEDULE: "0,300,300,300,300,300",
    WEBHOOKS__DELIVERY__JITTER_RATIO: "0",
    WEBHOOKS__QUEUE__LOCK_DURATION_MS: "2000",
    WEBHOOKS__QUEUE__STALLED_INTERVAL_MS: "1000",
    WEBHOOKS__QUEUE__MAX_RETRY_DELAY_MS: "1000",
    WEBHOOKS__OUTBOX__POLL_INTERVAL_MS: "50",
    // Long: only the Redis restart test, which loses jobs on purpose, shortens it.
    WEBHOOKS__OUTBOX__OVERDUE_AFTER_MS: "60000",
    WEBHOOKS__OUTBOX__SWEEP_INTERVAL_MS: "1000",
    WEBHOOKS__ENDPOINTS__CACHE_TTL_MS: "1000",
    WEBHOOKS__POSTGRES__CONNECT_TIMEOUT_MS: "1000",
  };
}

/** A small API client for one tenant. */
export async function apiClient(base: string, tenantId = "acme") {
  const token = await mintToken({ secret: jwtSecret, issuer: "hexkit-webhooks", audience: "hexkit-webhooks", tenantClaim: "tenant_id" }, { tenantId });
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; type: string; json: Record<string, unknown> }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get("content-type") ?? "", json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
}
