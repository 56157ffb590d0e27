import { conflict, rateLimited, timeout, unavailable } from "@hexkit/core";
import { UnrecoverableError } from "bullmq";
import { describe, expect, it } from "vitest";
import { TransientJobFailure, createBackoffStrategy, permanentFailure } from "../src/job-failure.js";

const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };
const top = (): number => 0.999_999;

describe("backoff strategy on the core retry policy", () => {
  it("caps the jittered delay at base * 2^(attempt-1)", () => {
    const strategy = createBackoffStrategy(policy, top);
    const failure = new TransientJobFailure(unavailable("downstream"));
    expect([1, 2, 3, 4, 5].map((attempt) => strategy(attempt, "hexkit", failure))).toEqual([99, 199, 399, 799, 999]);
  });

  it("uses full jitter", () => {
    const strategy = createBackoffStrategy(policy, () => 0);
    expect(strategy(3, "hexkit", new TransientJobFailure(timeout(10)))).toBe(0);
  });

  it("waits at least a RateLimited error's retryAfterMs, even beyond the cap", () => {
    const strategy = createBackoffStrategy(policy, () => 0);
    expect(strategy(1, "hexkit", new TransientJobFailure(rateLimited(5_000)))).toBe(5_000);
  });

  it("does not retry a permanent error that reaches it", () => {
    const strategy = createBackoffStrategy(policy, top);
    expect(strategy(1, "hexkit", new TransientJobFailure(conflict("no")))).toBe(-1);
  });

  it("backs off an unknown error as if it were transient", () => {
    const strategy = createBackoffStrategy(policy, top);
    expect(strategy(2, "hexkit", new Error("x"))).toBe(199);
  });

  it("throws permanent errors as BullMQ's UnrecoverableError with the tagged reason", () => {
    const failure = permanentFailure(conflict("duplicate"));
    expect(failure).toBeInstanceOf(UnrecoverableError);
    expect(failure.message).toBe("[Conflict] duplicate");
  });
});
