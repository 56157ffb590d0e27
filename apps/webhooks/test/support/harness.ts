import { createCacheAside, okAsync } from "@hexkit/core";
import { createIdGenerator, createMemoryCache, createMemoryJobQueue, createMemoryRateLimiter } from "@hexkit/memory";
import { createFakeClock, type FakeClock } from "@hexkit/testing";
import { createCachedEndpointReader } from "../../src/adapters/cached-endpoint-reader.js";
import type { DeliveryJobs } from "../../src/adapters/delivery-jobs.js";
import type { EgressGuard, OutboundRequest, SendResult } from "../../src/adapters/egress.port.js";
import { createMemoryBreakerStore } from "../../src/adapters/memory/memory-breaker-store.js";
import { createMemoryDeliveryRepository } from "../../src/adapters/memory/memory-delivery-repository.js";
import { createMemoryEndpointRepository } from "../../src/adapters/memory/memory-endpoint-repository.js";
import { createMemoryMessageRepository } from "../../src/adapters/memory/memory-message-repository.js";
import type { BreakerOptions } from "../../src/domain/circuit-breaker.js";
import type { DeliveryPolicy } from "../../src/domain/delivery-policy.js";
import { defaultRetrySchedule } from "../../src/domain/retry-schedule.js";
import { formatSecret } from "../../src/domain/secret.js";
import { createDirectMessageIntake } from "../../src/outbox/memory-message-intake.js";
import { createServices, type Services } from "../../src/services.js";
import type { Settings } from "../../src/use-cases/deps.js";

/** One request the scripted receiver got, with the fake time it arrived. */
export interface Received extends OutboundRequest {
  readonly at: number;
}

/** What the scripted receiver answers: a status (and Retry-After), or a failure without a response. */
export type Reply = number | { status: number; retryAfter?: string } | { kind: "timeout" | "network" | "refused"; message?: string };

export interface Harness {
  readonly clock: FakeClock;
  readonly services: Services;
  readonly received: Received[];
  /** Sets how the receiver at `url` answers, per request in turn; the last reply repeats. Default 200. */
  reply(url: string, ...replies: Reply[]): void;
  /** Advances fake time, running every job that falls due. */
  advance(ms: number): Promise<void>;
  /** Lets ready jobs run to completion without moving time. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export const testPolicy: DeliveryPolicy = { schedule: defaultRetrySchedule, jitterRatio: 0, disableAfterMs: 5 * 24 * 3_600_000, maxRetryAfterMs: 3_600_000 };
export const testBreaker: BreakerOptions = { failureThreshold: 1_000, windowMs: 60_000, coolDownMs: 30_000 };

/**
 * The app's use cases on memory adapters, a fake clock, and a scripted
 * receiver in place of HTTP: for use-case tests of delivery behaviour.
 * Jitter is off (random() = 0.5 spreads by zero).
 */
export function createHarness(overrides: { policy?: Partial<DeliveryPolicy>; breaker?: Partial<BreakerOptions>; settings?: Partial<Settings>; egress?: EgressGuard } = {}): Harness {
  const clock = createFakeClock();
  const ids = createIdGenerator({ now: () => clock.now() });
  const endpoints = createMemoryEndpointRepository();
  const cache = createMemoryCache({ clock });
  const reader = createCachedEndpointReader(endpoints, { cacheAside: createCacheAside({ cache, clock }), cache, ttlMs: 30_000 });
  const queue = createMemoryJobQueue<DeliveryJobs>({ clock, idGenerator: ids });
  const received: Received[] = [];
  const scripts = new Map<string, Reply[]>();
  let secretSeq = 0;

  const messages = createMemoryMessageRepository();
  const deliveries = createMemoryDeliveryRepository();
  const services = createServices({
    endpoints,
    endpointReader: reader,
    messages,
    deliveries,
    intake: createDirectMessageIntake({ messages, deliveries, queue, now: () => clock.now(), carrier: () => ({}) }),
    queue,
    clock,
    ids,
    secrets: { next: () => formatSecret(new Uint8Array(32).fill(++secretSeq)) },
    egress: overrides.egress ?? { checkUrl: () => okAsync(undefined) },
    sender: {
      send(request) {
        received.push({ ...request, at: clock.now() });
        const script = scripts.get(request.url) ?? [];
        const reply: Reply = (script.length > 1 ? script.shift() : script[0]) ?? 200;
        const result: SendResult =
          typeof reply === "number"
            ? { outcome: { kind: "response", status: reply, retryAfter: null }, durationMs: 3, responseSnippet: "" }
            : "status" in reply
              ? { outcome: { kind: "response", status: reply.status, retryAfter: reply.retryAfter ?? null }, durationMs: 3, responseSnippet: "" }
              : { outcome: { kind: reply.kind, message: reply.message ?? reply.kind }, durationMs: 3, responseSnippet: null };
        return okAsync(result);
      },
    },
    breakers: createMemoryBreakerStore({ ...testBreaker, ...overrides.breaker }),
    rateLimiter: createMemoryRateLimiter({ clock, policy: { points: 1_000, durationMs: 1_000 } }),
    settings: { policy: { ...testPolicy, ...overrides.policy }, maxPayloadBytes: 10_000, secretGraceMs: 3_600_000, ...overrides.settings },
    carrier: () => ({}),
    onEndpointChanged: (tenantId, id) => {
      reader.invalidate(tenantId, id);
    },
    random: () => 0.5,
  });
  const worker = queue.createWorker({ deliver: (job) => services.deliver(job).map(() => undefined) }, { concurrency: 4 });

  const settle = async (): Promise<void> => {
    for (let i = 0; i < 50; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      const counts = (await queue.counts())._unsafeUnwrap();
      if (counts.waiting === 0 && counts.active === 0) return;
    }
  };
  return {
    clock,
    services,
    received,
    reply(url, ...replies) {
      scripts.set(url, replies);
    },
    async advance(ms) {
      await clock.advance(ms);
      await settle();
    },
    settle,
    async close() {
      await worker.stop({ deadlineMs: 100 });
      await queue.close();
    },
  };
}
