import { describe, expect, it, vi } from "vitest";
import {
  type Deadline,
  ResultAsync,
  conflict,
  deadlineAt,
  err,
  errAsync,
  isExpired,
  ok,
  okAsync,
  remainingMs,
  timeout,
  withDeadline,
  withinDeadline,
} from "../src/index.js";
import { ManualClock, flushMicrotasks } from "./support/manual-clock.js";

const after = <T>(clock: ManualClock, ms: number, value: T) => new ResultAsync(clock.sleep(ms).then(() => ok(value)));

describe("Deadline", () => {
  it("counts down the remaining time and never goes below 0", async () => {
    const clock = new ManualClock(1_000);
    const deadline = deadlineAt(clock, 300);
    expect(deadline).toEqual({ at: 1_300 });
    expect(remainingMs(deadline, clock)).toBe(300);
    expect(isExpired(deadline, clock)).toBe(false);
    await clock.advance(299);
    expect(remainingMs(deadline, clock)).toBe(1);
    await clock.advance(1);
    expect(isExpired(deadline, clock)).toBe(true);
    await clock.advance(50);
    expect(remainingMs(deadline, clock)).toBe(0);
  });
});

describe("withDeadline", () => {
  it("answers the work's result when it settles in time, and cancels the timer", async () => {
    const clock = new ManualClock();
    const answer = withDeadline(() => after(clock, 50, "done"), 100, clock, "fetch");
    await clock.advance(50);
    expect(await answer).toEqual(ok("done"));
    expect(clock.pendingTimers).toBe(0);
  });

  it("answers the work's error when it fails in time", async () => {
    const clock = new ManualClock();
    expect(await withDeadline(() => errAsync(conflict("dup")), 100, clock)).toEqual(err(conflict("dup")));
    expect(clock.pendingTimers).toBe(0);
  });

  it("answers Timeout when the work is still running at the deadline, naming the operation", async () => {
    const clock = new ManualClock();
    const answer = withDeadline(() => after(clock, 500, "late"), 100, clock, "fetch");
    await clock.advance(100);
    expect(await answer).toEqual(err(timeout(100, "fetch")));
    await clock.advance(400);
    expect(await answer).toEqual(err(timeout(100, "fetch")));
  });

  it("answers Timeout without an operation name when none is given", async () => {
    const clock = new ManualClock();
    const answer = withDeadline(() => after(clock, 500, "late"), 100, clock);
    await clock.advance(100);
    expect(await answer).toEqual(err(timeout(100)));
  });

  it("does not start the work when the time is already up", async () => {
    const clock = new ManualClock();
    const work = vi.fn(() => okAsync(1));
    expect(await withDeadline(work, 0, clock, "fetch")).toEqual(err(timeout(0, "fetch")));
    expect(await withDeadline(work, -5, clock)).toEqual(err(timeout(0)));
    expect(work).not.toHaveBeenCalled();
  });

  it("gives the work its deadline", async () => {
    const clock = new ManualClock(0);
    let seen: Deadline | undefined;
    await withDeadline(
      (deadline) => {
        seen = deadline;
        return okAsync(1);
      },
      250,
      clock,
    );
    expect(seen).toEqual({ at: 250 });
  });

  it("rejects when the work throws, and cancels the timer", async () => {
    const clock = new ManualClock();
    const broken = (): ResultAsync<number, never> => {
      throw new Error("bug");
    };
    await expect(withDeadline(broken, 100, clock)).rejects.toThrow("bug");
    expect(clock.pendingTimers).toBe(0);
  });

  it("rejects when the work rejects before the deadline", async () => {
    const clock = new ManualClock();
    const rejecting = () => new ResultAsync<number, never>(Promise.reject(new Error("bug")));
    await expect(withDeadline(rejecting, 100, clock)).rejects.toThrow("bug");
    expect(clock.pendingTimers).toBe(0);
  });

  it("swallows a rejection that comes after the deadline", async () => {
    const clock = new ManualClock();
    const late = () => new ResultAsync<number, never>(clock.sleep(200).then(() => Promise.reject(new Error("late bug"))));
    const answer = withDeadline(late, 100, clock);
    await clock.advance(300);
    await flushMicrotasks();
    expect(await answer).toEqual(err(timeout(100)));
  });
});

describe("withinDeadline", () => {
  it("uses the time left before the deadline", async () => {
    const clock = new ManualClock(0);
    const deadline = deadlineAt(clock, 300);
    await clock.advance(200);
    const answer = withinDeadline(() => after(clock, 500, "late"), deadline, clock, "step");
    await clock.advance(100);
    expect(await answer).toEqual(err(timeout(100, "step")));
  });

  it("times out at once when the deadline has passed", async () => {
    const clock = new ManualClock(0);
    const deadline = deadlineAt(clock, 10);
    await clock.advance(20);
    expect(await withinDeadline(() => okAsync(1), deadline, clock)).toEqual(err(timeout(0)));
  });
});
