import { describe, expect, it, vi } from "vitest";
import {
  type AppError,
  type RetryPolicy,
  ResultAsync,
  conflict,
  defaultRetryPolicy,
  err,
  errAsync,
  nextRetryDelay,
  notFound,
  ok,
  okAsync,
  rateLimited,
  retry,
  timeout,
  unavailable,
} from "../src/index.js";
import { ManualClock, flushMicrotasks } from "./support/manual-clock.js";

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
const down = unavailable("api");

describe("nextRetryDelay", () => {
  it("draws the delay from [0, base × 2^(attempt-1)) with full jitter", () => {
    const caps = [100, 200, 400, 800];
    caps.forEach((cap, i) => {
      expect(nextRetryDelay(policy, i + 1, down, () => 0)).toBe(0);
      expect(nextRetryDelay(policy, i + 1, down, () => 0.5)).toBe(cap / 2);
      expect(nextRetryDelay(policy, i + 1, down, () => 0.999_999)).toBe(cap - 1);
    });
  });

  it("keeps every delay within the bounds with real randomness", () => {
    for (let i = 0; i < 1_000; i++) {
      const delay = nextRetryDelay(policy, 3, down)!;
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(400);
    }
  });

  it("caps the delay at maxDelayMs", () => {
    const long: RetryPolicy = { maxAttempts: 50, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(nextRetryDelay(long, 20, down, () => 0.999_999)).toBe(999);
    expect(nextRetryDelay(long, 5, down, () => 0.999_999)).toBe(999);
  });

  it.each([["Unavailable", down], ["Timeout", timeout(1)], ["RateLimited", rateLimited(0)]] as const)(
    "retries a transient %s",
    (_tag, error) => {
      expect(nextRetryDelay(policy, 1, error, () => 0.5)).toBe(50);
    },
  );

  it.each([["NotFound", notFound("x")], ["Conflict", conflict("dup")], ["unknown tag", { _tag: "Other" }]] as const)(
    "gives up on a permanent %s",
    (_tag, error) => {
      expect(nextRetryDelay(policy, 1, error, () => 0.5)).toBeUndefined();
    },
  );

  it("gives up once maxAttempts tries have failed", () => {
    expect(nextRetryDelay(policy, 4, down, () => 0)).toBe(0);
    expect(nextRetryDelay(policy, 5, down, () => 0)).toBeUndefined();
    expect(nextRetryDelay({ ...policy, maxAttempts: 1 }, 1, down, () => 0)).toBeUndefined();
  });

  it("waits at least RateLimited.retryAfterMs, even beyond maxDelayMs", () => {
    expect(nextRetryDelay(policy, 1, rateLimited(5_000.4), () => 0.5)).toBe(5_001);
    expect(nextRetryDelay(policy, 4, rateLimited(10), () => 0.5)).toBe(400);
  });

  it("has a default policy of 5 tries, 100 ms base, 30 s cap", () => {
    expect(defaultRetryPolicy).toEqual({ maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 30_000 });
  });
});

describe("retry", () => {
  function failingThen<T>(failures: readonly AppError[], value: T) {
    return vi.fn((attempt: number) => {
      const failure = failures[attempt - 1];
      return failure === undefined ? okAsync<T, AppError>(value) : errAsync<T, AppError>(failure);
    });
  }

  it("answers the first success without waiting", async () => {
    const clock = new ManualClock();
    const operation = failingThen([], "ok");
    expect(await retry(operation, policy, { clock })).toEqual(ok("ok"));
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it("retries transient failures after the jittered delays, on the clock", async () => {
    const clock = new ManualClock(0);
    const operation = failingThen([down, timeout(5), down], "done");
    const onRetry = vi.fn();
    const answer = retry(operation, policy, { clock, random: () => 0.5, onRetry });

    await flushMicrotasks();
    expect(operation).toHaveBeenCalledTimes(1);
    await clock.advance(49);
    expect(operation).toHaveBeenCalledTimes(1);
    await clock.advance(1);
    expect(operation).toHaveBeenCalledTimes(2);
    await clock.advance(100);
    expect(operation).toHaveBeenCalledTimes(3);
    await clock.advance(200);
    expect(await answer).toEqual(ok("done"));
    expect(operation.mock.calls.map(([n]) => n)).toEqual([1, 2, 3, 4]);
    expect(onRetry.mock.calls.map((call: unknown[]) => call[0])).toEqual([
      { attempt: 1, delayMs: 50, error: down },
      { attempt: 2, delayMs: 100, error: timeout(5) },
      { attempt: 3, delayMs: 200, error: down },
    ]);
  });

  it("gives up at once on a permanent error", async () => {
    const clock = new ManualClock();
    const operation = failingThen([notFound("user"), down], "never");
    expect(await retry(operation, policy, { clock })).toEqual(err(notFound("user")));
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it("answers the last error after maxAttempts tries", async () => {
    const clock = new ManualClock();
    const operation = vi.fn((attempt: number) => errAsync(unavailable(`try ${attempt}`)));
    const answer = retry(operation, { ...policy, maxAttempts: 3 }, { clock, random: () => 0.999 });
    await clock.advance(1_000);
    expect(await answer).toEqual(err(unavailable("try 3")));
    expect(operation).toHaveBeenCalledTimes(3);
  });

  it("waits a RateLimited error's retryAfterMs before trying again", async () => {
    const clock = new ManualClock(0);
    const operation = failingThen([rateLimited(2_500)], "in");
    const answer = retry(operation, policy, { clock, random: () => 0 });
    await clock.advance(2_499);
    expect(operation).toHaveBeenCalledTimes(1);
    await clock.advance(1);
    expect(await answer).toEqual(ok("in"));
    expect(operation).toHaveBeenCalledTimes(2);
  });

  it("uses Math.random when no random is given, staying within the cap", async () => {
    const clock = new ManualClock(0);
    const operation = failingThen([down], "x");
    const onRetry = vi.fn();
    const answer = retry(operation, policy, { clock, onRetry });
    await clock.advance(100);
    expect(await answer).toEqual(ok("x"));
    const delay = (onRetry.mock.calls[0]![0] as { delayMs: number }).delayMs;
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(100);
  });

  it("works with operations that build their own ResultAsync", async () => {
    const clock = new ManualClock();
    const operation = (attempt: number) => new ResultAsync(Promise.resolve(attempt < 2 ? err(down) : ok(attempt)));
    const answer = retry(operation, policy, { clock, random: () => 0 });
    await clock.advance(0);
    expect(await answer).toEqual(ok(2));
  });
});
