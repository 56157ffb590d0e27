import { type Cache, conflict, err, errAsync, notFound, ok, unavailable } from "@hexkit/core";
import { createMemoryCache, createMemoryFeatureFlags, createMemoryJobQueue, createMemoryLock, createMemoryRateLimiter } from "@hexkit/memory";
import { createFakeClock } from "@hexkit/testing";
import { Effect, Exit, Layer } from "effect";
import { describe, expect, it } from "vitest";
import {
  CacheService,
  FeatureFlagStoreService,
  FeatureFlagsService,
  JobQueueService,
  LockService,
  RateLimiterService,
  toResultAsync,
  withLock,
} from "../src/index.js";

type Jobs = { readonly ping: { readonly n: number } };
class PingQueue extends JobQueueService<PingQueue, Jobs>()("test/PingQueue") {}

describe("CacheService", () => {
  it("reads and writes through the adapter, with tags", async () => {
    const program = Effect.gen(function* () {
      const cache = yield* CacheService;
      yield* cache.set("a", "1", 10_000, { tags: ["t"] });
      yield* cache.setMany([{ key: "b", value: "2", ttlMs: 10_000 }]);
      const before = yield* cache.getMany(["a", "b", "c"]);
      const removed = yield* cache.invalidateTags(["t"]);
      yield* cache.delete("b");
      return { before, removed, after: yield* cache.getMany(["a", "b"]) };
    });
    const layer = CacheService.layer(createMemoryCache({ clock: createFakeClock() }));
    expect(await Effect.runPromise(Effect.provide(program, layer))).toEqual({
      before: ["1", "2", undefined],
      removed: 1,
      after: [undefined, undefined],
    });
  });

  it("fails with the adapter's error object, which catchTag handles", async () => {
    const down = unavailable("redis", new Error("ECONNREFUSED"));
    const broken: Cache = { ...createMemoryCache({ clock: createFakeClock() }), get: () => errAsync(down) };
    const read = Effect.flatMap(CacheService, (cache) => cache.get("k"));
    const layer = CacheService.layer(broken);
    expect(await Effect.runPromiseExit(Effect.provide(read, layer))).toEqual(Exit.fail(down));
    const degraded = read.pipe(Effect.catchTag("Unavailable", () => Effect.succeed("from the source")));
    expect(await Effect.runPromise(Effect.provide(degraded, layer))).toBe("from the source");
  });
});

describe("JobQueueService", () => {
  it("enqueues typed jobs and answers counts", async () => {
    const queue = createMemoryJobQueue<Jobs>({ clock: createFakeClock() });
    const program = Effect.gen(function* () {
      const jobs = yield* PingQueue;
      const first = yield* jobs.enqueue("ping", { n: 1 }, { idempotencyKey: "k" });
      const again = yield* jobs.enqueue("ping", { n: 2 }, { idempotencyKey: "k" });
      yield* jobs.enqueueMany([{ name: "ping", payload: { n: 3 } }]);
      return { deduplicated: again.deduplicated, same: again.id === first.id, counts: yield* jobs.counts() };
    });
    expect(await Effect.runPromise(Effect.provide(program, PingQueue.layer(queue)))).toEqual({
      deduplicated: true,
      same: true,
      counts: { waiting: 2, delayed: 0, active: 0, deadLettered: 0 },
    });
    await queue.close({ deadlineMs: 0 });
  });

  it("lets catchTag handle NotFound from replaying an unknown dead letter", async () => {
    const queue = createMemoryJobQueue<Jobs>({ clock: createFakeClock() });
    const program = Effect.flatMap(PingQueue, (jobs) => jobs.replayDeadLetter("nope")).pipe(
      Effect.map(() => "replayed"),
      Effect.catchTag("NotFound", (error) => Effect.succeed(`${error.resource} ${error.id ?? "?"} is gone`)),
    );
    expect(await Effect.runPromise(Effect.provide(program, PingQueue.layer(queue)))).toBe("dead letter nope is gone");
    const exit = await toResultAsync(Effect.provide(Effect.flatMap(PingQueue, (jobs) => jobs.replayDeadLetter("nope")), PingQueue.layer(queue)));
    expect(exit).toEqual(err(notFound("dead letter", "nope")));
    await queue.close({ deadlineMs: 0 });
  });

  it("fails enqueue with ValidationError for bad options", async () => {
    const queue = createMemoryJobQueue<Jobs>({ clock: createFakeClock() });
    const program = Effect.flatMap(PingQueue, (jobs) => jobs.enqueue("ping", { n: 1 }, { attempts: 0 }));
    const result = await toResultAsync(Effect.provide(program, PingQueue.layer(queue)));
    expect(result.isErr() && result.error._tag).toBe("ValidationError");
    await queue.close({ deadlineMs: 0 });
  });
});

describe("RateLimiterService", () => {
  it("answers decisions, refusing past the window's points, and resets", async () => {
    const limiter = createMemoryRateLimiter({ policy: { points: 2, durationMs: 1_000 }, clock: createFakeClock() });
    const program = Effect.gen(function* () {
      const limits = yield* RateLimiterService;
      const allowed = [];
      for (let i = 0; i < 3; i++) allowed.push((yield* limits.consume("tenant:t1")).allowed);
      yield* limits.reset("tenant:t1");
      allowed.push((yield* limits.consume("tenant:t1", { cost: 2 })).allowed);
      return allowed;
    });
    expect(await Effect.runPromise(Effect.provide(program, RateLimiterService.layer(limiter)))).toEqual([true, true, false, true]);
  });
});

describe("LockService and withLock", () => {
  const clock = createFakeClock();

  it("fails with Conflict while someone else holds the lock", async () => {
    const layer = LockService.layer(createMemoryLock({ clock }));
    const program = Effect.gen(function* () {
      const lock = yield* LockService;
      yield* lock.acquire("job:1", 5_000);
      return yield* lock.acquire("job:1", 5_000);
    });
    expect(await Effect.runPromiseExit(Effect.provide(program, layer))).toEqual(Exit.fail(conflict(expect.any(String) as string)));
  });

  it("releases the lock after use, also when use fails", async () => {
    const layer = LockService.layer(createMemoryLock({ clock }));
    const program = Effect.gen(function* () {
      const first = yield* Effect.result(withLock("job:2", 5_000, () => Effect.fail(notFound("job", "2"))));
      const second = yield* withLock("job:2", 5_000, (handle) => Effect.succeed(handle.key));
      return { first, second };
    });
    const { first, second } = await Effect.runPromise(Effect.provide(program, layer));
    expect(first._tag === "Failure" && first.failure).toEqual(notFound("job", "2"));
    expect(second).toBe("job:2");
  });

  it("does not run use when the lock is held", async () => {
    const layer = LockService.layer(createMemoryLock({ clock }));
    let ran = false;
    const program = Effect.gen(function* () {
      const lock = yield* LockService;
      yield* lock.acquire("job:3", 5_000);
      return yield* withLock("job:3", 5_000, () => Effect.sync(() => (ran = true)));
    });
    const result = await toResultAsync(Effect.provide(program, layer));
    expect(result.isErr() && result.error._tag).toBe("Conflict");
    expect(ran).toBe(false);
  });
});

describe("FeatureFlagsService and FeatureFlagStoreService", () => {
  it("reads flags written through the store service, from one store", async () => {
    const layer = FeatureFlagStoreService.layerBoth(createMemoryFeatureFlags());
    const program = Effect.gen(function* () {
      const store = yield* FeatureFlagStoreService;
      const flags = yield* FeatureFlagsService;
      const before = yield* flags.isEnabled("new-ui");
      yield* store.set("new-ui", { enabled: true });
      const definition = yield* store.get("new-ui");
      const after = yield* flags.isEnabled("new-ui", "tenant-1");
      yield* store.delete("new-ui");
      return { before, definition, after, deleted: yield* flags.isEnabled("new-ui") };
    });
    expect(await Effect.runPromise(Effect.provide(program, layer))).toEqual({
      before: false,
      definition: { enabled: true },
      after: true,
      deleted: false,
    });
  });

  it("builds a FeatureFlags port back from the service", async () => {
    const store = createMemoryFeatureFlags({ flags: { beta: { enabled: true } } });
    const service = await Effect.runPromise(Effect.provide(FeatureFlagsService, FeatureFlagsService.layer(store)));
    expect(await FeatureFlagsService.toPort(service).isEnabled("beta")).toEqual(ok(true));
    expect(await FeatureFlagStoreService.toPort(FeatureFlagStoreService.make(store)).get("beta")).toEqual(ok({ enabled: true }));
  });
});

describe("layers", () => {
  it("provide several port services at once", async () => {
    const clock = createFakeClock();
    const live = Layer.mergeAll(
      CacheService.layer(createMemoryCache({ clock })),
      LockService.layer(createMemoryLock({ clock })),
      RateLimiterService.layer(createMemoryRateLimiter({ policy: { points: 1, durationMs: 1_000 }, clock })),
    );
    const program = Effect.gen(function* () {
      const cache = yield* CacheService;
      yield* withLock("k", 1_000, () => cache.set("k", "v", 1_000));
      const decision = yield* (yield* RateLimiterService).consume("k");
      return [yield* cache.get("k"), decision.allowed];
    });
    expect(await Effect.runPromise(Effect.provide(program, live))).toEqual(["v", true]);
  });
});
