import { describe, expect, it } from "vitest";
import { admit, type BreakerOptions, type BreakerState, closedBreaker, recordResult } from "../../src/domain/circuit-breaker.js";

const options: BreakerOptions = { failureThreshold: 3, openMs: 10_000, maxOpenMs: 30_000, probeTimeoutMs: 5_000 };
const failTimes = (state: BreakerState, n: number, now: number): BreakerState => {
  let s = state;
  for (let i = 0; i < n; i++) s = recordResult(s, false, now, options);
  return s;
};

describe("Per-endpoint circuit breaker", () => {
  it("lets deliveries through while closed", () => {
    expect(admit(failTimes(closedBreaker, 2, 0), 0, options).kind).toBe("allow");
  });

  it("opens after failureThreshold consecutive failures and holds deliveries until it may probe", () => {
    const open = failTimes(closedBreaker, 3, 1_000);
    expect(admit(open, 2_000, options)).toEqual({ kind: "hold", untilMs: 11_000, state: open });
  });

  it("lets one probe through once the open time has passed, holding the rest", () => {
    const open = failTimes(closedBreaker, 3, 0);
    const probe = admit(open, 10_000, options);
    expect(probe.kind).toBe("allow");
    expect(admit(probe.state, 10_001, options)).toMatchObject({ kind: "hold", untilMs: 15_000 });
  });

  it("closes on a successful probe", () => {
    const probe = admit(failTimes(closedBreaker, 3, 0), 10_000, options);
    expect(recordResult(probe.state, true, 10_100, options)).toEqual(closedBreaker);
  });

  it("reopens for twice as long (up to maxOpenMs) when the probe fails", () => {
    let state = failTimes(closedBreaker, 3, 0);
    state = recordResult(admit(state, 10_000, options).state, false, 10_000, options);
    expect(state.openUntil).toBe(30_000);
    state = recordResult(admit(state, 30_000, options).state, false, 30_000, options);
    expect(state.openUntil).toBe(60_000);
  });

  it("resets the failure count on a success while closed", () => {
    const state = recordResult(failTimes(closedBreaker, 2, 0), true, 0, options);
    expect(admit(failTimes(state, 2, 0), 0, options).kind).toBe("allow");
  });
});
