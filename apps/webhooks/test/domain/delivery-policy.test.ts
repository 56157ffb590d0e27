import { describe, expect, it } from "vitest";
import { decide, type DeliveryPolicy } from "../../src/domain/delivery-policy.js";
import { defaultRetrySchedule, parseRetryAfter } from "../../src/domain/retry-schedule.js";
import { createFakeClock } from "@hexkit/testing";

const policy: DeliveryPolicy = {
  schedule: defaultRetrySchedule,
  jitterRatio: 0.1,
  disableAfterMs: 5 * 24 * 3_600_000,
  maxRetryAfterMs: 3_600_000,
};
const middle = (): number => 0.5; // no jitter
const status = (code: number, retryAfter: string | null = null) => ({ kind: "response", status: code, retryAfter }) as const;

describe("Delivery policy", () => {
  const clock = createFakeClock();

  it("succeeds on any 2xx", () => {
    for (const code of [200, 201, 204, 299]) {
      expect(decide(policy, { outcome: status(code), roundAttempt: 1, failingSince: null, now: clock.now() }, middle)).toEqual({ kind: "succeeded" });
    }
  });

  it("retries on the default schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => {
      const d = decide(policy, { outcome: status(500), roundAttempt: n, failingSince: clock.now(), now: clock.now() }, middle);
      return d.kind === "retry" ? d.delayMs : d.kind;
    });
    expect(delays).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
  });

  it("spreads each delay by at most the jitter ratio", () => {
    const low = decide(policy, { outcome: status(500), roundAttempt: 2, failingSince: null, now: 0 }, () => 0);
    const high = decide(policy, { outcome: status(500), roundAttempt: 2, failingSince: null, now: 0 }, () => 0.999_999);
    expect(low).toEqual({ kind: "retry", delayMs: 270_000, reason: "HTTP 500" });
    expect(high).toEqual({ kind: "retry", delayMs: 330_000, reason: "HTTP 500" });
  });

  it("dead-letters after the eighth attempt fails", () => {
    expect(decide(policy, { outcome: status(500), roundAttempt: 8, failingSince: clock.now(), now: clock.now() }, middle)).toEqual({
      kind: "dead-letter",
      reason: "Retries exhausted after 8 attempts; last: HTTP 500",
    });
  });

  it("disables the endpoint on 410 Gone", () => {
    expect(decide(policy, { outcome: status(410), roundAttempt: 1, failingSince: null, now: 0 }, middle)).toEqual({
      kind: "disable-endpoint",
      reason: "gone",
      detail: "The endpoint answered 410 Gone",
    });
  });

  it.each([429, 502, 503, 504])("honours Retry-After in seconds on %i", (code) => {
    expect(decide(policy, { outcome: status(code, "120"), roundAttempt: 1, failingSince: null, now: 0 }, middle)).toEqual({
      kind: "retry",
      delayMs: 120_000,
      reason: `HTTP ${code}`,
    });
  });

  it("honours Retry-After as an HTTP date", () => {
    const now = clock.now();
    const at = new Date(now + 600_000).toUTCString();
    expect(decide(policy, { outcome: status(503, at), roundAttempt: 1, failingSince: null, now }, middle)).toEqual({ kind: "retry", delayMs: 600_000, reason: "HTTP 503" });
  });

  it("never retries earlier than the schedule, even when Retry-After is shorter", () => {
    expect(decide(policy, { outcome: status(429, "1"), roundAttempt: 2, failingSince: null, now: 0 }, middle)).toEqual({ kind: "retry", delayMs: 300_000, reason: "HTTP 429" });
  });

  it("caps Retry-After at maxRetryAfterMs", () => {
    expect(decide(policy, { outcome: status(503, "999999"), roundAttempt: 1, failingSince: null, now: 0 }, middle)).toEqual({ kind: "retry", delayMs: 3_600_000, reason: "HTTP 503" });
  });

  it("ignores Retry-After on other statuses", () => {
    expect(decide(policy, { outcome: status(500, "120"), roundAttempt: 1, failingSince: null, now: 0 }, middle)).toEqual({ kind: "retry", delayMs: 5_000, reason: "HTTP 500" });
  });

  it("retries timeouts and network errors on the schedule", () => {
    expect(decide(policy, { outcome: { kind: "timeout", message: "after 15000 ms" }, roundAttempt: 1, failingSince: null, now: 0 }, middle)).toEqual({
      kind: "retry",
      delayMs: 5_000,
      reason: "timeout: after 15000 ms",
    });
    expect(decide(policy, { outcome: { kind: "network", message: "ECONNREFUSED" }, roundAttempt: 1, failingSince: null, now: 0 }, middle).kind).toBe("retry");
  });

  it("disables an endpoint that has failed without a success for disableAfterMs", async () => {
    const since = clock.now();
    await clock.advance(policy.disableAfterMs - 1);
    expect(decide(policy, { outcome: status(500), roundAttempt: 1, failingSince: since, now: clock.now() }, middle).kind).toBe("retry");
    await clock.advance(1);
    expect(decide(policy, { outcome: status(500), roundAttempt: 1, failingSince: since, now: clock.now() }, middle)).toMatchObject({ kind: "disable-endpoint", reason: "failing" });
  });

  it("uses a configured schedule", () => {
    const short: DeliveryPolicy = { ...policy, schedule: [0, 1_000], jitterRatio: 0 };
    expect(decide(short, { outcome: status(500), roundAttempt: 1, failingSince: null, now: 0 }, middle)).toEqual({ kind: "retry", delayMs: 1_000, reason: "HTTP 500" });
    expect(decide(short, { outcome: status(500), roundAttempt: 2, failingSince: null, now: 0 }, middle).kind).toBe("dead-letter");
  });
});

describe("Retry-After parsing", () => {
  it("reads seconds, dates, and nothing else", () => {
    expect(parseRetryAfter("30", 0)).toBe(30_000);
    expect(parseRetryAfter(new Date(5_000).toUTCString(), 0)).toBe(5_000);
    expect(parseRetryAfter(new Date(0).toUTCString(), 10_000)).toBe(0);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});
