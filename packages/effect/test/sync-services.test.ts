import { contextKeys } from "@hexkit/core";
import {
  createAsyncContextStore,
  createIdGenerator,
  createMemoryCache,
  createRecordingLogger,
  createRecordingMetrics,
  createRecordingTracer,
} from "@hexkit/memory";
import { createFakeClock } from "@hexkit/testing";
import { Cause, Clock, Effect, Fiber, Layer, References } from "effect";
import { describe, expect, it } from "vitest";
import {
  CacheService,
  ClockService,
  ContextStoreService,
  IdGeneratorService,
  LoggerService,
  MetricsService,
  TracerService,
} from "../src/index.js";

describe("ClockService", () => {
  it("reads the port's time and sleeps on its timers", async () => {
    const clock = createFakeClock(1_000);
    const program = Effect.gen(function* () {
      const time = yield* ClockService;
      const start = yield* time.now;
      yield* time.sleep(500);
      return [start, yield* time.now];
    });
    const fiber = Effect.runFork(Effect.provide(program, ClockService.layer(clock)));
    await clock.advance(499);
    expect(fiber.pollUnsafe()).toBeUndefined();
    await clock.advance(1);
    expect(await Effect.runPromise(Fiber.join(fiber))).toEqual([1_000, 1_500]);
  });

  it("cancels the port's timer when a sleep is interrupted", async () => {
    const clock = createFakeClock();
    const fiber = Effect.runFork(Effect.provide(Effect.flatMap(ClockService, (c) => c.sleep(1_000)), ClockService.layer(clock)));
    await clock.advance(0);
    expect(clock.pendingTimers()).toBe(1);
    await Effect.runPromise(Fiber.interrupt(fiber));
    expect(clock.pendingTimers()).toBe(0);
  });

  it("makes Effect's own clock follow the port with layerWithEffectClock", async () => {
    const clock = createFakeClock(5_000);
    const program = Effect.gen(function* () {
      yield* Effect.sleep("2 seconds");
      return yield* Clock.currentTimeMillis;
    });
    const fiber = Effect.runFork(Effect.provide(program, ClockService.layerWithEffectClock(clock)));
    await clock.advance(1_999);
    expect(fiber.pollUnsafe()).toBeUndefined();
    await clock.advance(1);
    expect(await Effect.runPromise(Fiber.join(fiber))).toBe(7_000);
  });
});

describe("IdGeneratorService", () => {
  it("makes a new prefixed id on every run", async () => {
    const next = Effect.flatMap(IdGeneratorService, (ids) => ids.next("msg"));
    const [a, b] = await Effect.runPromise(Effect.provide(Effect.all([next, next]), IdGeneratorService.layer(createIdGenerator())));
    expect(a).toMatch(/^msg_/);
    expect(b).not.toBe(a);
  });
});

describe("LoggerService", () => {
  it("writes lines at each level, with fields and child bindings", async () => {
    const logger = createRecordingLogger();
    const program = Effect.gen(function* () {
      const log = yield* LoggerService;
      yield* log.info("endpoint registered", { endpointId: "ep_1" });
      yield* log.child({ tenantId: "t1" }).warn("slow delivery");
      return log.isLevelEnabled("debug");
    });
    expect(await Effect.runPromise(Effect.provide(program, LoggerService.layer(logger)))).toBe(true);
    expect(logger.entries().map(({ level, msg, endpointId, tenantId }) => ({ level, msg, endpointId, tenantId }))).toEqual([
      { level: "info", msg: "endpoint registered", endpointId: "ep_1", tenantId: undefined },
      { level: "warn", msg: "slow delivery", endpointId: undefined, tenantId: "t1" },
    ]);
  });

  it("sends Effect.log lines to the port with annotations, extra parts and the cause", async () => {
    const logger = createRecordingLogger();
    const failure = new Error("socket hang up");
    const program = Effect.gen(function* () {
      yield* Effect.logInfo("delivered", 3).pipe(Effect.annotateLogs({ messageId: "msg_1" }));
      yield* Effect.logError("delivery failed", Cause.fail(failure));
      yield* Effect.logDebug("details");
    });
    await Effect.runPromise(Effect.provide(program, LoggerService.layerWithEffectLogger(logger)));
    const lines = logger.entries();
    // Effect's own minimum level (Info by default) still applies before the port's.
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ["info", "delivered"],
      ["error", "delivery failed"],
    ]);
    expect(lines[0]).toEqual(expect.objectContaining({ messageId: "msg_1", args: [3] }));
    expect(lines[1]).toEqual(expect.objectContaining({ err: expect.objectContaining({ message: "socket hang up" }) as unknown }));
  });

  it("lets the port's level decide once Effect's minimum level is lowered", async () => {
    const logger = createRecordingLogger({ level: "debug" });
    const program = Effect.andThen(Effect.logTrace("noise"), Effect.logDebug("details"));
    const live = Layer.merge(LoggerService.layerWithEffectLogger(logger), Layer.succeed(References.MinimumLogLevel, "All"));
    await Effect.runPromise(Effect.provide(program, live));
    expect(logger.entries().map((l) => [l.level, l.msg])).toEqual([["debug", "details"]]);
  });
});

describe("MetricsService", () => {
  it("records counters, gauges and histograms through the port", async () => {
    const metrics = createRecordingMetrics();
    const program = Effect.gen(function* () {
      const m = yield* MetricsService;
      const sent = m.counter({ name: "messages_sent_total", help: "Messages sent", labelNames: ["tenant"] });
      yield* sent.inc({ tenant: "t1" });
      yield* sent.inc({ tenant: "t1" }, 2);
      const depth = m.gauge({ name: "queue_depth", help: "Jobs waiting" });
      yield* depth.set(5);
      yield* depth.dec(undefined, 2);
      yield* depth.inc();
      yield* m.histogram({ name: "delivery_duration_ms", help: "Delivery time", buckets: [10, 100] }).observe(42);
    });
    await Effect.runPromise(Effect.provide(program, MetricsService.layer(metrics)));
    expect(metrics.value("messages_sent_total", { tenant: "t1" })).toBe(3);
    expect(metrics.value("queue_depth")).toBe(4);
    expect(metrics.readHistogram("delivery_duration_ms")).toEqual(expect.objectContaining({ count: 1, sum: 42 }));
  });
});

describe("TracerService", () => {
  it("ends a span around an Effect, with spans of adapters called inside as children", async () => {
    const tracer = createRecordingTracer();
    const live = Layer.merge(TracerService.layer(tracer), CacheService.layer(createMemoryCache({ clock: createFakeClock() })));
    const program = Effect.gen(function* () {
      const tracing = yield* TracerService;
      return yield* tracing.withSpan("send message", { kind: "server" }, (span) =>
        Effect.gen(function* () {
          yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 1)));
          const inner = yield* tracing.withSpan("cache read", {}, () => Effect.flatMap(CacheService, (c) => c.get("k")));
          const traceId = yield* tracing.activeTraceId;
          return { inner, sameTrace: traceId === span.traceId, carrier: yield* tracing.inject };
        }),
      );
    });
    const result = await Effect.runPromise(Effect.provide(program, live));
    const [inner, outer] = tracer.finishedSpans();
    expect(result).toEqual({ inner: undefined, sameTrace: true, carrier: { traceparent: expect.stringContaining(outer?.traceId ?? "-") as string } });
    expect(inner).toEqual(expect.objectContaining({ name: "cache read", parentSpanId: outer?.spanId, traceId: outer?.traceId, status: "unset" }));
    expect(outer).toEqual(expect.objectContaining({ name: "send message", kind: "server", status: "unset" }));
  });

  it("marks the span failed with the typed error and passes the failure on", async () => {
    const tracer = createRecordingTracer();
    const program = Effect.flatMap(TracerService, (t) => t.withSpan("get message", {}, () => Effect.fail({ _tag: "NotFound", message: "message m1 not found" })));
    const result = await Effect.runPromise(Effect.result(Effect.provide(program, TracerService.layer(tracer))));
    expect(result._tag === "Failure" && result.failure).toEqual({ _tag: "NotFound", message: "message m1 not found" });
    expect(tracer.finishedSpans()[0]).toEqual(
      expect.objectContaining({ status: "error", error: { _tag: "NotFound", message: "message m1 not found" } }),
    );
  });

  it("marks the span failed as Internal on a defect, and the Effect still dies", async () => {
    const tracer = createRecordingTracer();
    const program = Effect.flatMap(TracerService, (t) => t.withSpan("buggy", {}, () => Effect.die(new Error("bug"))));
    const exit = await Effect.runPromiseExit(Effect.provide(program, TracerService.layer(tracer)));
    expect(exit._tag === "Failure" && exit.cause.reasons[0]?._tag).toBe("Die");
    expect(tracer.finishedSpans()[0]?.error?._tag).toBe("Internal");
  });
});

describe("ContextStoreService", () => {
  it("makes values visible inside run, across async steps, and not outside", async () => {
    const store = createAsyncContextStore();
    const program = Effect.gen(function* () {
      const context = yield* ContextStoreService;
      const inside = yield* context.run(
        { [contextKeys.correlationId]: "req-1", [contextKeys.tenantId]: "t1" },
        Effect.gen(function* () {
          yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 1)));
          yield* Effect.yieldNow;
          return { seen: yield* context.current, carrier: yield* context.inject, fromPort: store.current() };
        }),
      );
      return { inside, outside: yield* context.current };
    });
    const { inside, outside } = await Effect.runPromise(Effect.provide(program, ContextStoreService.layer(store)));
    expect(inside.seen).toEqual({ correlationId: "req-1", tenantId: "t1" });
    expect(inside.fromPort).toEqual(inside.seen);
    expect(inside.carrier).toEqual({ "x-request-id": "req-1", "x-hexkit-tenant-id": "t1" });
    expect(outside).toEqual({});
  });

  it("keeps the context of concurrent runs apart", async () => {
    const store = createAsyncContextStore();
    const one = (id: string) =>
      Effect.flatMap(ContextStoreService, (context) =>
        context.run({ correlationId: id }, Effect.andThen(Effect.sleep(5), context.current)),
      );
    const seen = await Effect.runPromise(
      Effect.provide(Effect.all([one("a"), one("b"), one("c")], { concurrency: "unbounded" }), ContextStoreService.layer(store)),
    );
    expect(seen).toEqual([{ correlationId: "a" }, { correlationId: "b" }, { correlationId: "c" }]);
  });

  it("extracts context values from a carrier", async () => {
    const service = ContextStoreService.make(createAsyncContextStore());
    expect(service.extract({ "x-request-id": "req-9" })).toEqual({ correlationId: "req-9" });
    expect(await Effect.runPromise(service.current)).toEqual({});
  });
});
