import { describe, expect, it } from "vitest";
import { createFakeClock } from "@hexkit/testing";
import { createMemoryRateLimiter } from "@hexkit/memory";

describe("createMemoryRateLimiter", () => {
  it("sweeps ended windows so memory stays bounded", async () => {
    const clock = createFakeClock();
    const limiter = createMemoryRateLimiter({ clock, policy: { points: 1, durationMs: 1_000 }, sweepIntervalMs: 1_000 });
    for (let i = 0; i < 100; i++) await limiter.consume(`k${i}`);
    expect(limiter.size()).toBe(100);
    await clock.advance(1_000);
    await limiter.consume("fresh");
    expect(limiter.size()).toBe(1);
  });

  it("keeps windows that have not ended when sweeping", async () => {
    const clock = createFakeClock();
    const limiter = createMemoryRateLimiter({ clock, policy: { points: 1, durationMs: 1_000 }, sweepIntervalMs: 1_000 });
    await limiter.consume("long", { policy: { points: 1, durationMs: 60_000 } });
    await clock.advance(1_000);
    await limiter.consume("other");
    expect(limiter.size()).toBe(2);
    expect((await limiter.consume("long", { policy: { points: 1, durationMs: 60_000 } }))._unsafeUnwrap().allowed).toBe(false);
  });

  it("refuses a policy without points or duration", () => {
    expect(() => createMemoryRateLimiter({ clock: createFakeClock(), policy: { points: 0, durationMs: 1 } })).toThrow(RangeError);
  });
});
