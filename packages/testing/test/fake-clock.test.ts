import { describe, expect, it } from "vitest";
import { createFakeClock } from "@hexkit/testing";

describe("createFakeClock", () => {
  it("starts at the given time and moves only when advanced", async () => {
    const clock = createFakeClock(1_000);
    expect(clock.now()).toBe(1_000);
    await clock.advance(250);
    expect(clock.now()).toBe(1_250);
  });

  it("fires timers in due order, each at its own time", async () => {
    const clock = createFakeClock(0);
    const fired: [string, number][] = [];
    clock.setTimer(30, () => fired.push(["c", clock.now()]));
    clock.setTimer(10, () => fired.push(["a", clock.now()]));
    clock.setTimer(10, () => fired.push(["b", clock.now()]));
    await clock.advance(20);
    expect(fired).toEqual([
      ["a", 10],
      ["b", 10],
    ]);
    await clock.advance(20);
    expect(fired).toEqual([
      ["a", 10],
      ["b", 10],
      ["c", 30],
    ]);
    expect(clock.now()).toBe(40);
  });

  it("fires timers scheduled by awaited work within the same advance", async () => {
    const clock = createFakeClock(0);
    const seen: number[] = [];
    const loop = async (): Promise<void> => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(100);
        await Promise.resolve();
        seen.push(clock.now());
      }
    };
    const done = loop();
    await clock.advance(300);
    await done;
    expect(seen).toEqual([100, 200, 300]);
  });

  it("does not fire a cancelled timer", async () => {
    const clock = createFakeClock(0);
    let fired = false;
    const cancel = clock.setTimer(10, () => (fired = true));
    expect(clock.pendingTimers()).toBe(1);
    cancel();
    cancel();
    expect(clock.pendingTimers()).toBe(0);
    await clock.advance(100);
    expect(fired).toBe(false);
  });

  it("resolves a sleep of 0 ms at once", async () => {
    const clock = createFakeClock(0);
    await clock.sleep(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("jumps on set without firing timers, and fires them on the next advance", async () => {
    const clock = createFakeClock(0);
    let fired = false;
    clock.setTimer(50, () => (fired = true));
    clock.set(100);
    expect(fired).toBe(false);
    await clock.advance(0);
    expect(fired).toBe(true);
    expect(clock.now()).toBe(100);
  });
});
