import { describe, expect, it } from "vitest";
import { admit, type BreakerOptions, type BreakerState, closedBreaker, recordResult } from "../../src/domain/circuit-breaker.js";

const options: BreakerOptions = { failureThreshold: 3, windowMs: 60_000, coolDownMs: 10_000 };
const failTimes = (state: BreakerState, n: number, now: number): BreakerState => {
  let s = state;
  for (let i = 0; i < n; i++) s = recordResult(s, false, now, options);
  return s;
};

describe("Per-endpoint circuit breaker", () => {
  it("lets deliveries through while closed", () => {
    expect(admit(failTimes(closedBreaker, 2, 0), 0, options).kind).toBe("allow");
  });

  it("opens after failureThreshold failures in the window and holds deliveries until the cool-down ends", () => {
    const open = failTimes(closedBreaker, 3, 1_000);
    expect(admit(open, 2_000, options)).toEqual({ kind: "hold", untilMs: 11_000, state: open });
  });

  it("lets one probe through after the cool-down, holding the rest", () => {
    const open = failTimes(closedBreaker, 3, 0);
    const probe = admit(open, 10_000, options);
    expect(probe.kind).toBe("allow");
    expect(admit(probe.state, 10_001, options)).toMatchObject({ kind: "hold", untilMs: 20_000 });
  });

  it("closes on a successful probe", () => {
    const probe = admit(failTimes(closedBreaker, 3, 0), 10_000, options);
    expect(recordResult(probe.state, true, 10_100, options)).toEqual(closedBreaker);
  });

  it("reopens when the probe fails", () => {
    const probe = admit(failTimes(closedBreaker, 3, 0), 10_000, options);
    const reopened = recordResult(probe.state, false, 10_100, options);
    expect(admit(reopened, 10_200, options)).toMatchObject({ kind: "hold", untilMs: 20_100 });
  });

  it("forgets failures older than the window", () => {
    const state = failTimes(closedBreaker, 2, 0);
    expect(admit(failTimes(state, 1, 60_001), 60_001, options).kind).toBe("allow");
  });
});
