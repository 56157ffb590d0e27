import { conflict, err, errAsync, ok, okAsync, validationError } from "@hexkit/core";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { integrationHarness, testPrefix, until, wait } from "./support.js";

const idle = { waiting: 0, delayed: 0, active: 0, deadLettered: 0 };

describe("bullmq queue: validation", () => {
  const { openQueue } = integrationHarness("validation");

  it("refuses an invalid payload and invalid options with every issue, and adds nothing", async () => {
    const queue = openQueue();
    const result = await queue.enqueue("work", { n: "one" } as never, { priority: 0 });
    expect(result).toEqual(
      err(
        validationError([
          { path: ["options", "priority"], message: "Must be an integer from 1 (highest) to 2097152", code: "invalid_option" },
          { path: ["payload", "n"], message: "Invalid input: expected number, received string", code: "invalid_type" },
        ]),
      ),
    );
    expect(await queue.counts()).toEqual(ok(idle));
  });

  it("refuses a whole enqueueMany when any request is invalid, naming each by index", async () => {
    const queue = openQueue();
    const result = await queue.enqueueMany([
      { name: "work", payload: { n: 1 } },
      { name: "other", payload: { text: "" } },
      { name: "work", payload: { n: 1.5 }, options: { delayMs: Number.NaN } },
    ]);
    expect(result).toEqual(
      err(
        validationError([
          { path: ["requests", 1, "payload", "text"], message: "Too small: expected string to have >=1 characters", code: "too_small" },
          { path: ["requests", 2, "options", "delayMs"], message: "Must be a finite number of ms, at least 0", code: "invalid_option" },
          { path: ["requests", 2, "payload", "n"], message: "Invalid input: expected int, received number", code: "invalid_type" },
        ]),
      ),
    );
    expect(await queue.counts()).toEqual(ok(idle));
  });
});

describe("bullmq worker: payloads checked on consume", () => {
  const { openQueue, startWorker } = integrationHarness("consume");

  it("dead-letters a job whose stored payload no longer matches its schema, and keeps working", async () => {
    const queue = openQueue();
    // A producer that skipped validation (an older release, raw BullMQ) wrote this job.
    const client = new Redis();
    const raw = new Queue(queue.settings.queueName, { connection: client, prefix: testPrefix });
    const bad = await raw.add("work", { payload: { n: "seven" }, carrier: {} }, { attempts: 3 });
    await raw.close();
    client.disconnect();
    const seen: number[] = [];
    startWorker(queue, { work: (job) => (seen.push(job.payload.n), okAsync(undefined)), other: () => okAsync(undefined) });
    await queue.enqueue("work", { n: 1 });
    await until(() => seen.length === 1, "the valid job");
    await until(async () => (await queue.counts())._unsafeUnwrap().deadLettered === 1, "the dead letter");
    const [letter] = (await queue.deadLetters())._unsafeUnwrap();
    expect(letter).toEqual({
      id: bad.id,
      name: "work",
      payload: { n: "seven" },
      attempts: 1,
      error: {
        _tag: "ValidationError",
        message: 'Invalid payload for job "work": payload.n: Invalid input: expected number, received string',
      },
      failedAt: expect.any(Number) as unknown,
      carrier: {},
    });
    expect(seen).toEqual([1]);
  });

  it("dead-letters a job whose name has no schema", async () => {
    const queue = openQueue();
    const client = new Redis();
    const raw = new Queue(queue.settings.queueName, { connection: client, prefix: testPrefix });
    await raw.add("retired", { payload: {}, carrier: {} });
    await raw.close();
    client.disconnect();
    startWorker(queue, { work: () => okAsync(undefined), other: () => okAsync(undefined) });
    await until(async () => (await queue.counts())._unsafeUnwrap().deadLettered === 1, "the dead letter");
    const [letter] = (await queue.deadLetters())._unsafeUnwrap();
    expect(letter?.error).toEqual({ _tag: "ValidationError", message: 'Unknown job name "retired"' });
  });
});

describe("bullmq queue: idempotency window", () => {
  const { openQueue, startWorker } = integrationHarness("idempotency");

  it("holds a key for the window after its job completes, then accepts it again", async () => {
    const queue = openQueue({ idempotencyWindowMs: 300 });
    const seen: number[] = [];
    startWorker(queue, { work: (job) => (seen.push(job.payload.n), okAsync(undefined)), other: () => okAsync(undefined) });
    const first = (await queue.enqueue("work", { n: 1 }, { idempotencyKey: "k" }))._unsafeUnwrap();
    await until(async () => seen.length === 1 && (await queue.counts())._unsafeUnwrap().active === 0, "the first job");
    expect(await queue.enqueue("work", { n: 2 }, { idempotencyKey: "k" })).toEqual(
      ok({ id: first.id, name: "work", deduplicated: true }),
    );
    await wait(400);
    const second = (await queue.enqueue("work", { n: 3 }, { idempotencyKey: "k" }))._unsafeUnwrap();
    expect(second).toEqual({ id: expect.any(String) as unknown, name: "work", deduplicated: false });
    expect(second.id).not.toBe(first.id);
    await until(() => seen.length === 2, "the second job");
    expect(seen).toEqual([1, 3]);
  });

  it("holds a key while its job is still waiting, however long past the window", async () => {
    const queue = openQueue({ idempotencyWindowMs: 50 });
    const first = (await queue.enqueue("work", { n: 1 }, { idempotencyKey: "k", delayMs: 5_000 }))._unsafeUnwrap();
    await wait(200);
    expect(await queue.enqueue("other", { text: "x" }, { idempotencyKey: "k" })).toEqual(
      ok({ id: first.id, name: "work", deduplicated: true }),
    );
    expect(await queue.counts()).toEqual(ok({ ...idle, delayed: 1 }));
  });

  it("holds the key of a dead-lettered job for the window, and replay holds it again", async () => {
    const queue = openQueue({ idempotencyWindowMs: 200 });
    const worker = startWorker(queue, { work: () => errAsync(conflict("no")), other: () => okAsync(undefined) });
    const first = (await queue.enqueue("work", { n: 1 }, { idempotencyKey: "k" }))._unsafeUnwrap();
    await until(async () => (await queue.counts())._unsafeUnwrap().deadLettered === 1, "the dead letter");
    await worker.stop();
    expect((await queue.enqueue("work", { n: 2 }, { idempotencyKey: "k" }))._unsafeUnwrap().deduplicated).toBe(true);
    await wait(300);
    expect(await queue.replayDeadLetter(first.id)).toEqual(ok({ id: first.id, name: "work", deduplicated: false }));
    await wait(300);
    expect(await queue.enqueue("work", { n: 3 }, { idempotencyKey: "k" })).toEqual(
      ok({ id: first.id, name: "work", deduplicated: true }),
    );
    expect(await queue.counts()).toEqual(ok({ ...idle, waiting: 1 }));
  });

  it("deduplicates within one enqueueMany and against earlier jobs", async () => {
    const queue = openQueue();
    const earlier = (await queue.enqueue("work", { n: 0 }, { idempotencyKey: "a" }))._unsafeUnwrap();
    const jobs = (
      await queue.enqueueMany([
        { name: "work", payload: { n: 1 }, options: { idempotencyKey: "a" } },
        { name: "work", payload: { n: 2 }, options: { idempotencyKey: "b" } },
        { name: "other", payload: { text: "c" }, options: { idempotencyKey: "b" } },
      ])
    )._unsafeUnwrap();
    expect(jobs.map((job) => [job.name, job.deduplicated])).toEqual([
      ["work", true],
      ["work", false],
      ["work", true],
    ]);
    expect(jobs[0]?.id).toBe(earlier.id);
    expect(jobs[2]?.id).toBe(jobs[1]?.id);
    expect(await queue.counts()).toEqual(ok({ ...idle, waiting: 2 }));
  });
});
