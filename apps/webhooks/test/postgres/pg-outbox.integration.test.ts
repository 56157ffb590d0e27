import { err, errAsync, type JobRequest, ok, okAsync, unavailable } from "@hexkit/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DeliveryJobs } from "../../src/adapters/delivery-jobs.js";
import { migrate, readMigrations } from "../../src/adapters/postgres/migrate.js";
import { createPgDatabase } from "../../src/adapters/postgres/pg-database.js";
import { createPgDeliveryRepository } from "../../src/adapters/postgres/pg-delivery-repository.js";
import { createPgMessageIntake } from "../../src/adapters/postgres/pg-message-intake.js";
import { createPgMessageRepository } from "../../src/adapters/postgres/pg-message-repository.js";
import { markSucceeded, newDelivery, scheduleNext } from "../../src/domain/delivery.js";
import type { Message } from "../../src/domain/message.js";
import { createOutboxJobQueue } from "../../src/outbox/outbox-job-queue.js";
import { createOutboxRelay, type RelaySettings } from "../../src/outbox/outbox-relay.js";
import { createSilentLogger } from "../support/silent-logger.js";
import { createTestSchema, type TestSchema } from "./pg-test-schema.js";

let schema: TestSchema;
beforeAll(async () => {
  schema = await createTestSchema();
});
afterAll(async () => {
  await schema.drop();
});
beforeEach(async () => {
  await schema.truncate();
});

const clock = { now: () => 10_000 };
const message = (overrides: Partial<Message> = {}): Message => ({
  id: "msg_1",
  tenantId: "t1",
  eventType: "invoice.paid",
  body: "{}",
  idempotencyKey: "k1",
  createdAt: 10_000,
  ...overrides,
});
const delivery = (id: string, messageId = "msg_1") =>
  newDelivery({ id, tenantId: "t1", messageId, endpointId: "ep_1", eventType: "invoice.paid", now: 10_000 });
const outbox = async () =>
  (await schema.db.pool.query<{ delivery_id: string; seq: number; due_at: string; carrier: unknown }>("select delivery_id, seq, due_at, carrier from outbox order by id")).rows.map((r) => ({
    deliveryId: r.delivery_id,
    seq: r.seq,
    dueAt: Number(r.due_at),
    carrier: r.carrier,
  }));
const count = async (table: string) => Number((await schema.db.pool.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]?.n);
const settings: RelaySettings = { batchSize: 2, pollIntervalMs: 10, overdueAfterMs: 60_000, sweepIntervalMs: 0 };

/** A queue double that records what the relay enqueues (or fails while `down`). */
function recordingQueue() {
  const seen: JobRequest<DeliveryJobs>[] = [];
  const state = { down: false };
  return {
    seen,
    state,
    enqueueMany(requests: readonly JobRequest<DeliveryJobs>[]) {
      if (state.down) return errAsync(unavailable("redis"));
      seen.push(...requests);
      return okAsync(requests.map((r) => ({ id: r.options?.idempotencyKey ?? "", name: r.name, deduplicated: false })));
    },
  };
}

describe("PostgreSQL migrations", () => {
  it("applies each file once, even when several processes migrate at once", async () => {
    const migrations = (await readMigrations())._unsafeUnwrap();
    const others = [1, 2, 3].map(() => createPgDatabase({ url: schema.db.settings.url, schema: schema.name, poolSize: 1 }));
    const reports = await Promise.all(others.map((db) => migrate(db, [...migrations, { version: "9999_probe", sql: "create table probe (n int)" }])));
    await Promise.all(others.map((db) => db.close()));
    const applied = reports.map((r) => r._unsafeUnwrap().applied);
    expect(applied.flat()).toEqual(["9999_probe"]);
    expect(await migrate(schema.db, migrations)).toEqual(ok({ applied: [], skipped: migrations.map((m) => m.version) }));
    await schema.db.pool.query("drop table probe; delete from schema_migrations where version = '9999_probe'");
  });

  it("rolls a failing file back whole and records nothing", async () => {
    const broken = { version: "9998_broken", sql: "create table half (n int); select no_such_function();" };
    const result = await migrate(schema.db, [broken]);
    expect(result._unsafeUnwrapErr()._tag).toBe("Unavailable");
    expect(await count("schema_migrations where version = '9998_broken'")).toBe(0);
    expect((await schema.db.pool.query("select to_regclass('half') as t")).rows[0]).toEqual({ t: null });
  });
});

describe("PostgreSQL message intake", () => {
  it("stores the message, its deliveries and one outbox row per delivery together", async () => {
    const intake = createPgMessageIntake(schema.db, { clock, carrier: () => ({ traceparent: "00-abc" }) });
    expect(await intake.accept(message(), [delivery("dlv_1"), delivery("dlv_2")])).toEqual(ok({ message: message(), created: true }));
    expect(await outbox()).toEqual([
      { deliveryId: "dlv_1", seq: 1, dueAt: 10_000, carrier: { traceparent: "00-abc" } },
      { deliveryId: "dlv_2", seq: 1, dueAt: 10_000, carrier: { traceparent: "00-abc" } },
    ]);
  });

  it("stores nothing more for a repeated idempotency key", async () => {
    const intake = createPgMessageIntake(schema.db, { clock });
    await intake.accept(message(), [delivery("dlv_1")]);
    expect(await intake.accept(message({ id: "msg_2" }), [delivery("dlv_2", "msg_2")])).toEqual(ok({ message: message(), created: false }));
    expect([await count("messages"), await count("deliveries"), await count("outbox")]).toEqual([1, 1, 1]);
  });

  it("creates one message when several requests race with one idempotency key", async () => {
    const intake = createPgMessageIntake(schema.db, { clock });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => intake.accept(message({ id: `msg_${i}` }), [delivery(`dlv_${i}`, `msg_${i}`)])));
    const created = results.map((r) => r._unsafeUnwrap()).filter((r) => r.created);
    expect(created).toHaveLength(1);
    expect(new Set(results.map((r) => r._unsafeUnwrap().message.id))).toEqual(new Set([created[0]?.message.id]));
    expect([await count("messages"), await count("deliveries"), await count("outbox")]).toEqual([1, 1, 1]);
  });

  it("stores nothing at all when a delivery cannot be stored", async () => {
    const intake = createPgMessageIntake(schema.db, { clock });
    const result = await intake.accept(message(), [delivery("dlv_same"), delivery("dlv_same")]);
    expect(result._unsafeUnwrapErr()._tag).toBe("Unavailable");
    expect([await count("messages"), await count("deliveries"), await count("outbox")]).toEqual([0, 0, 0]);
  });
});

describe("PostgreSQL deliveries and the outbox", () => {
  it("writes an outbox row when a change schedules a new job, and none otherwise", async () => {
    const deliveries = createPgDeliveryRepository(schema.db, { clock });
    await createPgMessageRepository(schema.db).insert(message());
    await deliveries.insertMany([delivery("dlv_1")]);
    await schema.db.pool.query("delete from outbox");
    await deliveries.update("t1", "dlv_1", (d) => scheduleNext(d, 15_000, 10_000));
    await deliveries.update("t1", "dlv_1", (d) => ({ ...d, attempts: 1 }));
    await deliveries.update("t1", "dlv_1", (d) => markSucceeded(d, 16_000));
    expect(await outbox()).toEqual([{ deliveryId: "dlv_1", seq: 2, dueAt: 15_000, carrier: {} }]);
  });

  it("loses no change when many updates of one delivery race", async () => {
    const deliveries = createPgDeliveryRepository(schema.db, { clock });
    await deliveries.insertMany([delivery("dlv_1")]);
    const results = await Promise.all(Array.from({ length: 20 }, () => deliveries.update("t1", "dlv_1", (d) => ({ ...d, attempts: d.attempts + 1 }))));
    expect(results.every((r) => r.isOk())).toBe(true);
    expect((await deliveries.get("t1", "dlv_1"))._unsafeUnwrap().attempts).toBe(20);
  });

  it("answers Unavailable, not an exception, when the server cannot be reached", async () => {
    const dead = createPgDatabase({ url: "postgres://postgres@127.0.0.1:1/test", connectTimeoutMs: 500 });
    const result = await createPgDeliveryRepository(dead).get("t1", "dlv_1");
    await dead.close();
    expect(result._unsafeUnwrapErr()).toMatchObject({ _tag: "Unavailable", dependency: "postgres" });
  });
});

describe("Outbox relay", () => {
  it("puts each row's job on the queue with its delay and key, then removes the row", async () => {
    const intake = createPgMessageIntake(schema.db, { clock });
    await intake.accept(message(), [delivery("dlv_1"), delivery("dlv_2"), delivery("dlv_3")]);
    const queue = recordingQueue();
    const relay = createOutboxRelay(schema.db, queue, settings, { clock: { now: () => 9_000 }, logger: createSilentLogger() });
    expect(await relay.relayOnce()).toEqual(ok(2));
    expect(await relay.relayOnce()).toEqual(ok(1));
    expect(await relay.relayOnce()).toEqual(ok(0));
    expect(queue.seen.map((r) => [r.payload.deliveryId, r.options?.delayMs, r.options?.idempotencyKey])).toEqual([
      ["dlv_1", 1_000, "deliver:dlv_1:1"],
      ["dlv_2", 1_000, "deliver:dlv_2:1"],
      ["dlv_3", 1_000, "deliver:dlv_3:1"],
    ]);
    expect(await count("outbox")).toBe(0);
  });

  it("keeps the rows while the queue is down and relays them once it is back", async () => {
    await createPgMessageIntake(schema.db, { clock }).accept(message(), [delivery("dlv_1")]);
    const queue = recordingQueue();
    queue.state.down = true;
    const relay = createOutboxRelay(schema.db, queue, settings, { clock, logger: createSilentLogger() });
    expect(await relay.relayOnce()).toEqual(err(unavailable("redis")));
    expect(await count("outbox")).toBe(1);
    queue.state.down = false;
    expect(await relay.relayOnce()).toEqual(ok(1));
    expect(queue.seen.map((r) => r.payload.deliveryId)).toEqual(["dlv_1"]);
  });

  it("shares rows between concurrent relays without relaying one twice", async () => {
    const many = Array.from({ length: 40 }, (_, i) => delivery(`dlv_${String(i).padStart(2, "0")}`));
    await createPgMessageIntake(schema.db, { clock }).accept(message(), many);
    const queue = recordingQueue();
    const relays = [1, 2, 3].map(() => createOutboxRelay(schema.db, queue, { ...settings, batchSize: 5 }, { clock, logger: createSilentLogger() }));
    const drain = async (relay: (typeof relays)[number]) => {
      for (;;) {
        const r = await relay.relayOnce();
        if (r.isErr() || r.value === 0) return;
      }
    };
    await Promise.all(relays.map(drain));
    expect(queue.seen.map((r) => r.payload.deliveryId).sort()).toEqual(many.map((d) => d.id));
  });

  it("reschedules an overdue pending delivery whose job was lost, under a new seq", async () => {
    await createPgMessageIntake(schema.db, { clock }).accept(message(), [delivery("dlv_1")]);
    await schema.db.pool.query("delete from outbox");
    const later = { now: () => 10_000 + 61_000 };
    const relay = createOutboxRelay(schema.db, recordingQueue(), settings, { clock: later, logger: createSilentLogger() });
    expect(await relay.sweepOnce()).toEqual(ok(1));
    expect(await relay.sweepOnce()).toEqual(ok(0));
    expect(await outbox()).toEqual([{ deliveryId: "dlv_1", seq: 2, dueAt: 71_000, carrier: {} }]);
  });

  it("the outbox queue's enqueue is durable and idempotent on (delivery, seq)", async () => {
    const inner = { deadLetters: () => okAsync([]), replayDeadLetter: () => errAsync(unavailable("redis")), counts: () => okAsync({ waiting: 0, delayed: 0, active: 0, deadLettered: 0 }) };
    const queue = createOutboxJobQueue(schema.db, inner, { clock });
    const job = { tenantId: "t1", deliveryId: "dlv_9", seq: 1 };
    expect(await queue.enqueue("deliver", job, { delayMs: 500 })).toEqual(ok({ id: "deliver:dlv_9:1", name: "deliver", deduplicated: false }));
    expect(await queue.enqueue("deliver", job)).toEqual(ok({ id: "deliver:dlv_9:1", name: "deliver", deduplicated: true }));
    expect(await outbox()).toEqual([{ deliveryId: "dlv_9", seq: 1, dueAt: 10_500, carrier: {} }]);
  });
});
