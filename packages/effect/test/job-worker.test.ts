import { ok, unavailable } from "@hexkit/core";
import { createMemoryCache, createMemoryJobQueue } from "@hexkit/memory";
import { createFakeClock, eventually } from "@hexkit/testing";
import { Effect, Layer, ManagedRuntime } from "effect";
import { describe, expect, it } from "vitest";
import { CacheService, JobQueueService, layerWorker, runWorker } from "../src/index.js";

type Jobs = { readonly remember: { readonly key: string; readonly value: string } };
class Queue extends JobQueueService<Queue, Jobs>()("test/WorkerQueue") {}

function setup() {
  const clock = createFakeClock();
  const queue = createMemoryJobQueue<Jobs>({ clock, retryPolicy: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 } });
  const cache = createMemoryCache({ clock });
  const until = (condition: () => boolean | Promise<boolean>) => eventually((ms) => clock.advance(ms), condition);
  return { clock, queue, cache, until };
}

describe("Effect job handlers", () => {
  it("run with the layer's services and stop with the runtime", async () => {
    const { queue, cache, until } = setup();
    const worker = layerWorker<Jobs, CacheService>((handlers) => queue.createWorker(handlers), {
      remember: (job) => Effect.flatMap(CacheService, (c) => c.set(job.payload.key, job.payload.value, 60_000)),
    });
    const runtime = ManagedRuntime.make(Layer.mergeAll(Queue.layer(queue), worker.pipe(Layer.provideMerge(CacheService.layer(cache)))));
    await runtime.runPromise(Effect.flatMap(Queue, (q) => q.enqueue("remember", { key: "k", value: "v" })));
    await until(async () => (await cache.get("k")).unwrapOr(undefined) === "v");
    await runtime.dispose();
    await queue.enqueue("remember", { key: "later", value: "x" });
    await until(() => true);
    expect(await queue.counts()).toEqual(ok({ waiting: 1, delayed: 0, active: 0, deadLettered: 0 }));
  });

  it("retry a transient typed error and dead-letter a defect as Internal", async () => {
    const { queue, until } = setup();
    const attempts: number[] = [];
    const program = Effect.scoped(
      Effect.gen(function* () {
        yield* runWorker<Jobs, never>((handlers) => queue.createWorker(handlers), {
          remember: (job) =>
            job.payload.key === "flaky"
              ? Effect.suspend(() => (attempts.push(job.attempt), job.attempt < 2 ? Effect.fail(unavailable("downstream")) : Effect.void))
              : Effect.die(new Error("handler bug")),
        });
        yield* Effect.promise(() => queue.enqueue("remember", { key: "flaky", value: "v" }));
        yield* Effect.promise(() => queue.enqueue("remember", { key: "buggy", value: "v" }));
        yield* Effect.promise(() => until(async () => (await queue.counts())._unsafeUnwrap().deadLettered === 1 && attempts.length === 2));
      }),
    );
    await Effect.runPromise(program);
    expect(attempts).toEqual([1, 2]);
    const [letter] = (await queue.deadLetters())._unsafeUnwrap();
    expect(letter?.error).toEqual({ _tag: "Internal", message: "Effect died: handler bug" });
    await queue.close({ deadlineMs: 0 });
  });
});
