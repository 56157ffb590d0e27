import { describe, expect, it } from "vitest";
import { type ContextValues, conflict, errAsync, fromSafePromise, ok, okAsync, unavailable } from "@hexkit/core";
import { createFakeClock, errTagged } from "@hexkit/testing";
import { createAsyncContextStore, createMemoryJobQueue, createRecordingLogger } from "@hexkit/memory";

type Jobs = { readonly ping: { readonly n: number } };
const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 };

describe("createMemoryJobQueue", () => {
  it("runs the handler inside the context carried by the job, never the enqueuer's", async () => {
    const clock = createFakeClock();
    const context = createAsyncContextStore();
    const queue = createMemoryJobQueue<Jobs>({ clock, context });
    const seen: ContextValues[] = [];
    queue.createWorker({ ping: () => (seen.push(context.current()), okAsync(undefined)) });
    await context.run({ correlationId: "req-1", tenantId: "t-1" }, () => queue.enqueue("ping", { n: 1 }));
    await context.run({ correlationId: "req-2", tenantId: "not-this-jobs" }, () =>
      queue.enqueue("ping", { n: 2 }, { carrier: { "x-request-id": "explicit" } }),
    );
    await clock.advance(0);
    expect(seen).toEqual([{ correlationId: "req-1", tenantId: "t-1" }, { correlationId: "explicit" }]);
  });

  it("records the injected context as the job's carrier", async () => {
    const clock = createFakeClock();
    const context = createAsyncContextStore();
    const queue = createMemoryJobQueue<Jobs>({ clock, context });
    const carriers: unknown[] = [];
    queue.createWorker({ ping: (job) => (carriers.push(job.carrier), okAsync(undefined)) });
    await context.run({ correlationId: "req-1" }, () => queue.enqueue("ping", { n: 1 }));
    await clock.advance(0);
    expect(carriers).toEqual([{ "x-request-id": "req-1" }]);
  });

  it("logs a retry as a warning and a dead letter as an error, inside the job's context", async () => {
    const clock = createFakeClock();
    const context = createAsyncContextStore();
    const logger = createRecordingLogger({ context });
    const queue = createMemoryJobQueue<Jobs>({ clock, context, logger, retryPolicy: policy, random: () => 0.5 });
    queue.createWorker({ ping: () => errAsync(unavailable("smtp")) });
    await queue.enqueue("ping", { n: 1 }, { carrier: { "x-request-id": "req-9" }, attempts: 2 });
    await clock.advance(1_000);
    expect(logger.entries().map((e) => [e.level, e.msg, e.correlationId, e.attempt ?? e.attempts])).toEqual([
      ["warn", "Job failed; retrying", "req-9", 1],
      ["error", "Job dead-lettered", "req-9", 2],
    ]);
  });

  it("dead-letters as Internal a job whose handler answers something that is not a Result", async () => {
    const clock = createFakeClock();
    const queue = createMemoryJobQueue<Jobs>({ clock });
    const handlers = [() => "done", () => Promise.resolve(42), () => ok(undefined), () => Promise.resolve(ok(undefined))];
    queue.createWorker({ ping: (job) => handlers[job.payload.n]!() as never });
    for (let n = 0; n < handlers.length; n++) await queue.enqueue("ping", { n });
    await clock.advance(0);
    const letters = (await queue.deadLetters())._unsafeUnwrap();
    // Newest first: the synchronous non-Result (n 0) failed before the promised one (n 1).
    expect(letters.map((l) => [l.payload, l.error])).toEqual([
      [{ n: 1 }, { _tag: "Internal", message: "Job handler for ping did not return a Result" }],
      [{ n: 0 }, { _tag: "Internal", message: "Job handler for ping did not return a Result" }],
    ]);
    expect(await queue.counts()).toEqual(ok({ waiting: 0, delayed: 0, active: 0, deadLettered: 2 }));
  });

  it("waits the retry policy's delay between tries, on the clock", async () => {
    const clock = createFakeClock(0);
    const queue = createMemoryJobQueue<Jobs>({ clock, retryPolicy: policy, random: () => 0.5 });
    const at: number[] = [];
    queue.createWorker({ ping: () => (at.push(clock.now()), errAsync(unavailable("x"))) });
    await queue.enqueue("ping", { n: 1 });
    await clock.advance(10_000);
    expect(at).toEqual([0, 50, 150]);
  });

  it("refuses a payload JSON cannot hold, and bad options, with ValidationError", async () => {
    const queue = createMemoryJobQueue<{ readonly any: unknown }>({ clock: createFakeClock() });
    expect(await queue.enqueue("any", { n: 1n })).toEqual(errTagged("ValidationError"));
    expect(await queue.enqueue("any", {}, { attempts: 0 })).toEqual(errTagged("ValidationError"));
    expect(await queue.enqueue("any", {}, { priority: 0.5 })).toEqual(errTagged("ValidationError"));
    expect(await queue.enqueue("any", {}, { delayMs: -1 })).toEqual(errTagged("ValidationError"));
    expect((await queue.counts())._unsafeUnwrap().waiting).toBe(0);
  });

  it("starts handlers after enqueue returns, not inside it", async () => {
    const clock = createFakeClock();
    const queue = createMemoryJobQueue<Jobs>({ clock });
    const seen: number[] = [];
    queue.createWorker({ ping: (job) => (seen.push(job.payload.n), okAsync(undefined)) });
    const pending = queue.enqueue("ping", { n: 1 });
    expect(seen).toEqual([]);
    await pending;
    await clock.advance(0);
    expect(seen).toEqual([1]);
  });

  it("keeps its own copy of the payload", async () => {
    const clock = createFakeClock();
    const queue = createMemoryJobQueue<Jobs>({ clock });
    const payload = { n: 1 };
    await queue.enqueue("ping", payload);
    payload.n = 2;
    const seen: number[] = [];
    queue.createWorker({ ping: (job) => (seen.push(job.payload.n), okAsync(undefined)) });
    await clock.advance(0);
    expect(seen).toEqual([1]);
  });

  it("stops deduplicating a completed job's key after the idempotency window", async () => {
    const clock = createFakeClock();
    const queue = createMemoryJobQueue<Jobs>({ clock, idempotencyWindowMs: 1_000 });
    queue.createWorker({ ping: () => okAsync(undefined) });
    const first = (await queue.enqueue("ping", { n: 1 }, { idempotencyKey: "k" }))._unsafeUnwrap();
    await clock.advance(999);
    expect((await queue.enqueue("ping", { n: 1 }, { idempotencyKey: "k" }))._unsafeUnwrap()).toEqual({ ...first, deduplicated: true });
    await clock.advance(1);
    expect((await queue.enqueue("ping", { n: 1 }, { idempotencyKey: "k" }))._unsafeUnwrap().deduplicated).toBe(false);
  });

  it("frees a key once its job is dead-lettered", async () => {
    const clock = createFakeClock();
    const queue = createMemoryJobQueue<Jobs>({ clock });
    queue.createWorker({ ping: () => errAsync(conflict("no")) });
    await queue.enqueue("ping", { n: 1 }, { idempotencyKey: "k" });
    await clock.advance(0);
    expect((await queue.enqueue("ping", { n: 2 }, { idempotencyKey: "k" }))._unsafeUnwrap().deduplicated).toBe(false);
  });

  it("keeps at most maxDeadLetters, dropping the oldest", async () => {
    const clock = createFakeClock();
    const queue = createMemoryJobQueue<Jobs>({ clock, maxDeadLetters: 2 });
    queue.createWorker({ ping: () => errAsync(conflict("no")) });
    for (const n of [1, 2, 3]) await queue.enqueue("ping", { n });
    await clock.advance(0);
    const letters = (await queue.deadLetters())._unsafeUnwrap();
    expect(letters.map((d) => d.payload)).toEqual([{ n: 3 }, { n: 2 }]);
  });

  it("ignores the late outcome of a try abandoned at the stop deadline", async () => {
    const clock = createFakeClock();
    const queue = createMemoryJobQueue<Jobs>({ clock });
    let finish: () => void = () => undefined;
    const stuck = queue.createWorker({
      ping: () => fromSafePromise(new Promise<void>((resolve) => (finish = resolve))),
    });
    await queue.enqueue("ping", { n: 1 });
    await clock.advance(0);
    const stopping = stuck.stop({ deadlineMs: 100 });
    await clock.advance(100);
    expect(await stopping).toEqual({ drained: 0, abandoned: 1 });
    finish();
    await clock.advance(0);
    expect(await queue.counts()).toEqual(ok({ waiting: 1, delayed: 0, active: 0, deadLettered: 0 }));
  });

  it("cancels delayed jobs' timers on close and stops its workers", async () => {
    const clock = createFakeClock();
    const queue = createMemoryJobQueue<Jobs>({ clock });
    const seen: number[] = [];
    queue.createWorker({ ping: (job) => (seen.push(job.payload.n), okAsync(undefined)) });
    await queue.enqueue("ping", { n: 1 }, { delayMs: 1_000 });
    await queue.close();
    expect(clock.pendingTimers()).toBe(0);
    await queue.enqueue("ping", { n: 2 });
    await clock.advance(2_000);
    expect(seen).toEqual([]);
  });
});
