import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgDeliveryRepository } from "../../src/adapters/postgres/pg-delivery-repository.js";
import { createPgEndpointRepository } from "../../src/adapters/postgres/pg-endpoint-repository.js";
import { createPgMessageRepository } from "../../src/adapters/postgres/pg-message-repository.js";
import { markFailed, newDelivery } from "../../src/domain/delivery.js";
import { anEndpoint } from "../fixtures.js";
import { createTestSchema, type TestSchema, testDatabaseUrl } from "./pg-test-schema.js";

const appDir = join(import.meta.dirname, "../..");
let schema: TestSchema;

/** Runs the admin CLI as a user would, against this test's schema. */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--conditions=@hexkit/source", "--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: appDir,
    env: { ...process.env, WEBHOOKS__POSTGRES__URL: testDatabaseUrl, WEBHOOKS__POSTGRES__SCHEMA: schema.name, WEBHOOKS__AUTH__JWT_SECRET: "cli-test-secret-at-least-32-bytes-long!!" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once("exit", (code) => { resolve({ code, stdout, stderr }); }));
}

beforeAll(async () => {
  schema = await createTestSchema();
});
afterAll(async () => {
  await schema.drop();
});

describe("Admin CLI on PostgreSQL", () => {
  it("lists its subcommands with --help", async () => {
    const help = await cli("--help");
    expect(help.code).toBe(0);
    for (const command of ["migrate", "endpoints list", "endpoints disable", "messages replay", "messages recover", "dead-letters list", "dead-letters replay", "config check"]) {
      expect(help.stdout).toContain(command);
    }
  });

  it("reports migrations as up to date once applied", async () => {
    expect(await cli("migrate", "--check")).toMatchObject({ code: 0, stdout: "up to date\n" });
  });

  it("replays every dead letter of a tenant with a progress line, and disables an endpoint", async () => {
    await createPgEndpointRepository(schema.db).insert(anEndpoint({ id: "ep_1", tenantId: "t1" }));
    await createPgMessageRepository(schema.db).insert({ id: "msg_1", tenantId: "t1", eventType: "a.b", body: "{}", idempotencyKey: null, createdAt: 1 });
    const failed = Array.from({ length: 30 }, (_, i) =>
      markFailed(newDelivery({ id: `dlv_${String(i).padStart(2, "0")}`, tenantId: "t1", messageId: "msg_1", endpointId: "ep_1", eventType: "a.b", now: 1 }), "gave up", 2),
    );
    await createPgDeliveryRepository(schema.db).insertMany(failed);

    const replay = await cli("dead-letters", "replay", "--tenant", "t1", "--all");
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toEqual({ replayed: 30, failed: 0 });
    expect(replay.stderr).toContain("replaying dead letters: [##############################] 30/30 100%");
    const states = await schema.db.pool.query<{ status: string; n: string }>("select status, count(*) as n from deliveries group by status");
    expect(states.rows).toEqual([{ status: "pending", n: "30" }]);
    expect(Number((await schema.db.pool.query<{ n: string }>("select count(*) as n from outbox")).rows[0]?.n)).toBe(30);

    const disabled = await cli("endpoints", "disable", "--tenant", "t1", "--id", "ep_1");
    expect(disabled.code).toBe(0);
    expect(JSON.parse(disabled.stdout)).toMatchObject({ id: "ep_1", disabled: true, disabledReason: "manual" });
  }, 60_000);
});
