import { createHmac } from "node:crypto";
import {
  type NotFound,
  type PayloadTooLarge,
  type RateLimited,
  type Timeout,
  type Unavailable,
  type ValidationError,
  err,
  notFound,
  ok,
  unavailable,
  validationError,
} from "@hexkit/core";
import { createIdGenerator, createMemoryCache, createMemoryJobQueue, createMemoryRateLimiter, createRecordingLogger } from "@hexkit/memory";
import { createFakeClock, eventually } from "@hexkit/testing";
import { Effect, Layer, ManagedRuntime } from "effect";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import type { CacheService, ClockService, IdGeneratorService } from "../src/index.js";
import { postMessage, webhooksApi } from "../examples/webhooks/api.js";
import { type WebhooksServices, deliveryWorkerLayer, webhooksLayer } from "../examples/webhooks/compose.js";
import type { Endpoint, Message } from "../examples/webhooks/domain.js";
import {
  type Delivery,
  type DeliveryJobs,
  EndpointRepository,
  type MessageRepository,
  type SendError,
  WebhookSender,
} from "../examples/webhooks/services.js";
import { getMessage } from "../examples/webhooks/use-cases/get-message.js";
import { registerEndpoint } from "../examples/webhooks/use-cases/register-endpoint.js";
import { sendMessage } from "../examples/webhooks/use-cases/send-message.js";

/** The example on memory adapters and a fake clock, with a recording egress. */
function compose(options: { readonly messagesPerMinute?: number; readonly send?: (delivery: Delivery, attempt: number) => Effect.Effect<void, SendError> } = {}) {
  const clock = createFakeClock();
  const queue = createMemoryJobQueue<DeliveryJobs>({ clock, retryPolicy: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 } });
  const cache = createMemoryCache({ clock });
  const logger = createRecordingLogger();
  const adapters = {
    clock,
    ids: createIdGenerator({ now: () => clock.now() }),
    cache,
    limiter: createMemoryRateLimiter({ policy: { points: options.messagesPerMinute ?? 100, durationMs: 60_000 }, clock }),
    queue,
    logger,
  };
  const sent: Delivery[] = [];
  const attempts = new Map<string, number>();
  const sender = Layer.succeed(WebhookSender, {
    send: (delivery) =>
      Effect.suspend(() => {
        const key = `${delivery.headers["webhook-id"] ?? ""}:${delivery.url}`;
        const attempt = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, attempt);
        return (options.send?.(delivery, attempt) ?? Effect.void).pipe(Effect.tap(() => Effect.sync(() => sent.push(delivery))));
      }),
  });
  const services = webhooksLayer(adapters);
  const worker = deliveryWorkerLayer((handlers) => queue.createWorker(handlers, { concurrency: 2 })).pipe(
    Layer.provide(Layer.merge(services, sender)),
  );
  const runtime = ManagedRuntime.make(Layer.merge(services, worker));
  const run = <A, E>(effect: Effect.Effect<A, E, WebhooksServices>) => runtime.runPromise(Effect.result(effect));
  const until = (condition: () => boolean | Promise<boolean>) => eventually((ms) => clock.advance(ms), condition, { stepMs: 50, timeoutMs: 30_000 });
  const close = async () => {
    await runtime.dispose();
    await queue.close({ deadlineMs: 0 });
  };
  return { runtime, run, until, sent, queue, cache, logger, clock, close };
}

let current: ReturnType<typeof compose> | undefined;
function app(options?: Parameters<typeof compose>[0]): ReturnType<typeof compose> {
  current = compose(options);
  return current;
}
afterEach(async () => {
  await current?.close();
  current = undefined;
});

const unwrap = <A>(result: { readonly _tag: "Success"; readonly success: A } | { readonly _tag: "Failure"; readonly failure: unknown }): A => {
  if (result._tag === "Failure") throw new Error(`expected a success, got ${JSON.stringify(result.failure)}`);
  return result.success;
};

describe("webhooks example: error channels", () => {
  it("types each use case's typed errors", () => {
    expectTypeOf(registerEndpoint("t1", { url: "", eventTypes: [] })).toEqualTypeOf<
      Effect.Effect<Endpoint, ValidationError, EndpointRepository | IdGeneratorService | ClockService | CacheService>
    >();
    expectTypeOf(getMessage("t1", "m")).toEqualTypeOf<Effect.Effect<Message, NotFound, MessageRepository>>();
    expectTypeOf<Effect.Error<ReturnType<typeof sendMessage>>>().toEqualTypeOf<
      ValidationError | PayloadTooLarge | RateLimited | Unavailable | Timeout
    >();
  });
});

describe("webhooks example: register an endpoint", () => {
  it("stores a valid endpoint with an id and a whsec_ secret", async () => {
    const { run, clock } = app();
    const endpoint = unwrap(await run(registerEndpoint("t1", { url: "https://a.example/hook", eventTypes: ["invoice.paid", "invoice.paid"] })));
    expect(endpoint).toEqual({
      id: expect.stringMatching(/^ep_/) as string,
      tenantId: "t1",
      url: "https://a.example/hook",
      eventTypes: ["invoice.paid"],
      secret: expect.stringMatching(/^whsec_/) as string,
      createdAt: clock.now(),
    });
  });

  it("refuses invalid input with every issue, and stores nothing", async () => {
    const { run } = app();
    const result = await run(registerEndpoint("t1", { url: "http://a.example/hook", eventTypes: ["Invoice Paid"] }));
    expect(result._tag === "Failure" && result.failure).toEqual(
      validationError([
        { path: ["url"], message: "Expected an https URL", code: "invalid_url" },
        { path: ["eventTypes", 0], message: "Expected a dotted event type like invoice.paid", code: "invalid_format" },
      ]),
    );
    expect(unwrap(await run(EndpointRepository.use((r) => r.listByTenant("t1"))))).toEqual([]);
  });

  it("answers through the ResultAsync boundary with the same error object", async () => {
    const { runtime } = app();
    const api = webhooksApi(runtime);
    const result = await api.registerEndpoint("t1", { url: "not a url", eventTypes: ["a.b"] });
    expect(result).toEqual(err(validationError([{ path: ["url"], message: "Expected an absolute URL", code: "invalid_url" }])));
  });
});

describe("webhooks example: send a message", () => {
  it("fans out to the subscribed endpoints only, signed, and delivers each once", async () => {
    const { run, until, sent, queue } = app();
    const paid = unwrap(await run(registerEndpoint("t1", { url: "https://a.example/hook", eventTypes: ["invoice.paid"] })));
    unwrap(await run(registerEndpoint("t1", { url: "https://b.example/hook", eventTypes: ["invoice.created"] })));
    const both = unwrap(await run(registerEndpoint("t1", { url: "https://c.example/hook", eventTypes: ["invoice.created", "invoice.paid"] })));
    unwrap(await run(registerEndpoint("t2", { url: "https://other-tenant.example/hook", eventTypes: ["invoice.paid"] })));

    const accepted = unwrap(await run(sendMessage("t1", { eventType: "invoice.paid", payload: { invoiceId: "inv_1" } })));
    expect(accepted.deliveries).toBe(2);
    await until(() => sent.length === 2);
    await until(async () => (await queue.counts())._unsafeUnwrap().waiting === 0);

    expect(sent.map((d) => d.url).sort()).toEqual([both.url, paid.url].sort());
    const delivery = sent.find((d) => d.url === paid.url)!;
    const timestamp = delivery.headers["webhook-timestamp"]!;
    const key = Buffer.from(paid.secret.slice("whsec_".length), "base64");
    const expected = createHmac("sha256", key).update(`${accepted.message.id}.${timestamp}.${delivery.body}`).digest("base64");
    expect(delivery.headers["webhook-signature"]).toBe(`v1,${expected}`);
    expect(delivery.headers["webhook-id"]).toBe(accepted.message.id);
    expect(JSON.parse(delivery.body)).toEqual({ type: "invoice.paid", timestamp: expect.any(String) as string, data: { invoiceId: "inv_1" } });
  });

  it("reads endpoint lists through the cache, and registering an endpoint invalidates them", async () => {
    const { run, until, sent } = app();
    unwrap(await run(registerEndpoint("t1", { url: "https://a.example/hook", eventTypes: ["user.created"] })));
    expect(unwrap(await run(sendMessage("t1", { eventType: "user.created", payload: {} }))).deliveries).toBe(1);
    unwrap(await run(registerEndpoint("t1", { url: "https://b.example/hook", eventTypes: ["user.created"] })));
    expect(unwrap(await run(sendMessage("t1", { eventType: "user.created", payload: {} }))).deliveries).toBe(2);
    await until(() => sent.length === 3);
  });

  it("retries a transient send failure and delivers on a later attempt", async () => {
    const { run, until, sent, queue } = app({ send: (_, attempt) => (attempt < 3 ? Effect.fail(unavailable("a.example")) : Effect.void) });
    unwrap(await run(registerEndpoint("t1", { url: "https://a.example/hook", eventTypes: ["order.shipped"] })));
    unwrap(await run(sendMessage("t1", { eventType: "order.shipped", payload: { orderId: "o1" } })));
    await until(() => sent.length === 1);
    expect(await queue.deadLetters()).toEqual(ok([]));
  });

  it("dead-letters a delivery whose endpoint answers a permanent error, with its tag", async () => {
    const { run, until, queue } = app({ send: () => Effect.fail(validationError([], "Receiver refused the payload")) });
    unwrap(await run(registerEndpoint("t1", { url: "https://a.example/hook", eventTypes: ["order.shipped"] })));
    unwrap(await run(sendMessage("t1", { eventType: "order.shipped", payload: {} })));
    await until(async () => (await queue.counts())._unsafeUnwrap().deadLettered === 1);
    const [letter] = (await queue.deadLetters())._unsafeUnwrap();
    expect(letter?.error).toEqual({ _tag: "ValidationError", message: "Receiver refused the payload" });
    expect(letter?.attempts).toBe(1);
  });

  it("refuses a message past the tenant's budget with RateLimited and a retry-after", async () => {
    const { run } = app({ messagesPerMinute: 2 });
    for (let i = 0; i < 2; i++) unwrap(await run(sendMessage("t1", { eventType: "a.b", payload: {} })));
    const refused = await run(sendMessage("t1", { eventType: "a.b", payload: {} }));
    expect(refused._tag === "Failure" && refused.failure._tag).toBe("RateLimited");
    const reply = unwrap(await run(postMessage("t1", { eventType: "a.b", payload: {} })));
    expect(reply).toEqual({
      status: 429,
      headers: { "content-type": "application/problem+json", "retry-after": "60" },
      body: { type: "RateLimited", title: expect.stringContaining("Rate limited") as string },
    });
    unwrap(await run(sendMessage("t2", { eventType: "a.b", payload: {} })));
  });

  it("refuses an oversized payload with PayloadTooLarge (413 on the route)", async () => {
    const { run } = app();
    const reply = unwrap(await run(postMessage("t1", { eventType: "a.b", payload: { blob: "x".repeat(70_000) } })));
    expect(reply.status).toBe(413);
  });
});

describe("webhooks example: get a message", () => {
  it("answers the tenant's message, and NotFound for another tenant's", async () => {
    const { runtime, run } = app();
    const { message } = unwrap(await run(sendMessage("t1", { eventType: "a.b", payload: { n: 1 } })));
    const api = webhooksApi(runtime);
    expect(await api.getMessage("t1", message.id)).toEqual(ok(message));
    expect(await api.getMessage("t2", message.id)).toEqual(err(notFound("message", message.id)));
  });

  it("lets Effect code recover from NotFound by its tag", async () => {
    const { run } = app();
    const orNull = getMessage("t1", "msg_missing").pipe(Effect.catchTag("NotFound", () => Effect.succeed(null)));
    expect(unwrap(await run(orNull))).toBeNull();
  });

  it("logs through the Logger port, with annotations", async () => {
    const { run, logger } = app();
    unwrap(await run(sendMessage("t1", { eventType: "a.b", payload: {} })));
    expect(logger.withMessage("message accepted")[0]).toEqual(expect.objectContaining({ level: "info", tenantId: "t1", deliveries: 0 }));
  });
});
