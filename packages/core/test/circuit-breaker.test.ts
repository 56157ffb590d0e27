import { describe, expect, it, vi } from "vitest";
import {
  type CircuitBreakerOptions,
  type CircuitPolicy,
  type CircuitState,
  ResultAsync,
  checkCircuit,
  createCircuitBreaker,
  err,
  errAsync,
  initialCircuitState,
  notFound,
  ok,
  okAsync,
  recordCircuitOutcome,
  timeout,
  unavailable,
  viewCircuit,
} from "../src/index.js";
import { ManualClock } from "./support/manual-clock.js";

const policy: CircuitPolicy = { failureThreshold: 3, windowMs: 10_000, coolDownMs: 5_000, halfOpenProbes: 2, successesToClose: 2 };
const options: CircuitBreakerOptions = { name: "endpoint-1", ...policy };

function openBreaker(extra: Partial<CircuitBreakerOptions> = {}) {
  const clock = new ManualClock();
  const changes: string[] = [];
  const breaker = createCircuitBreaker(
    { ...options, ...extra, onStateChange: ({ from, to }) => changes.push(`${from}->${to}`) },
    clock,
  );
  for (let i = 0; i < 3; i++) breaker.recordFailure();
  return { clock, breaker, changes };
}

describe("circuit breaker state machine (pure)", () => {
  it("starts closed and allows calls without changing state", () => {
    expect(checkCircuit(initialCircuitState, policy, 0)).toEqual({ state: initialCircuitState, decision: { allowed: true } });
  });

  it("stays closed on success", () => {
    const state: CircuitState = { status: "closed", failures: [1] };
    expect(recordCircuitOutcome(state, "success", policy, 2)).toBe(state);
  });

  it("opens on the failure that reaches the threshold within the window", () => {
    let state = initialCircuitState;
    state = recordCircuitOutcome(state, "failure", policy, 1_000);
    state = recordCircuitOutcome(state, "failure", policy, 2_000);
    expect(state).toEqual({ status: "closed", failures: [1_000, 2_000] });
    expect(recordCircuitOutcome(state, "failure", policy, 3_000)).toEqual({ status: "open", openedAt: 3_000 });
  });

  it("forgets failures older than the window", () => {
    let state = initialCircuitState;
    state = recordCircuitOutcome(state, "failure", policy, 0);
    state = recordCircuitOutcome(state, "failure", policy, 1_000);
    state = recordCircuitOutcome(state, "failure", policy, 10_000);
    expect(state).toEqual({ status: "closed", failures: [1_000, 10_000] });
  });

  it("opens on the first failure with a threshold of 1", () => {
    expect(recordCircuitOutcome(initialCircuitState, "failure", { ...policy, failureThreshold: 1 }, 7)).toEqual({ status: "open", openedAt: 7 });
  });

  it("refuses calls while open, telling how long the cool-down has left", () => {
    const open: CircuitState = { status: "open", openedAt: 1_000 };
    expect(checkCircuit(open, policy, 2_000)).toEqual({ state: open, decision: { allowed: false, retryAfterMs: 4_000 } });
  });

  it("ignores outcomes reported while open", () => {
    const open: CircuitState = { status: "open", openedAt: 1_000 };
    expect(recordCircuitOutcome(open, "success", policy, 2_000)).toBe(open);
    expect(recordCircuitOutcome(open, "failure", policy, 2_000)).toBe(open);
  });

  it("reads as half-open once the cool-down has passed", () => {
    const open: CircuitState = { status: "open", openedAt: 1_000 };
    expect(viewCircuit(open, policy, 5_999)).toBe(open);
    expect(viewCircuit(open, policy, 6_000)).toEqual({ status: "half-open", probes: 0, successes: 0, probedAt: 6_000 });
  });

  it("lets at most halfOpenProbes probes through at once", () => {
    const open: CircuitState = { status: "open", openedAt: 0 };
    const first = checkCircuit(open, policy, 5_000);
    expect(first).toEqual({ state: { status: "half-open", probes: 1, successes: 0, probedAt: 5_000 }, decision: { allowed: true } });
    const second = checkCircuit(first.state, policy, 5_100);
    expect(second.decision).toEqual({ allowed: true });
    expect(checkCircuit(second.state, policy, 5_200)).toEqual({
      state: second.state,
      decision: { allowed: false, retryAfterMs: 4_900 },
    });
  });

  it("frees the slots of probes that never report back after the cool-down", () => {
    const stuck: CircuitState = { status: "half-open", probes: 2, successes: 0, probedAt: 0 };
    expect(checkCircuit(stuck, policy, 4_999).decision).toEqual({ allowed: false, retryAfterMs: 1 });
    expect(checkCircuit(stuck, policy, 5_000)).toEqual({
      state: { status: "half-open", probes: 1, successes: 0, probedAt: 5_000 },
      decision: { allowed: true },
    });
  });

  it("closes after successesToClose probe successes", () => {
    let state: CircuitState = { status: "half-open", probes: 2, successes: 0, probedAt: 0 };
    state = recordCircuitOutcome(state, "success", policy, 10);
    expect(state).toEqual({ status: "half-open", probes: 1, successes: 1, probedAt: 0 });
    expect(recordCircuitOutcome(state, "success", policy, 20)).toEqual(initialCircuitState);
  });

  it("closes after one success by default", () => {
    const state: CircuitState = { status: "half-open", probes: 1, successes: 0, probedAt: 0 };
    expect(recordCircuitOutcome(state, "success", { failureThreshold: 1, windowMs: 1, coolDownMs: 100 }, 1)).toEqual(initialCircuitState);
  });

  it("reopens on any probe failure", () => {
    const state: CircuitState = { status: "half-open", probes: 1, successes: 1, probedAt: 0 };
    expect(recordCircuitOutcome(state, "failure", policy, 30)).toEqual({ status: "open", openedAt: 30 });
  });

  it("keeps a state that survives JSON", () => {
    const state = recordCircuitOutcome(initialCircuitState, "failure", policy, 5);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe("createCircuitBreaker", () => {
  it("goes closed -> open -> half-open -> closed and reports each change", async () => {
    const { clock, breaker, changes } = openBreaker();
    expect(breaker.state()).toEqual({ status: "open", openedAt: clock.now() });
    expect(breaker.check()).toEqual({ allowed: false, retryAfterMs: 5_000 });

    await clock.advance(5_000);
    expect(breaker.state().status).toBe("half-open");
    expect(breaker.check()).toEqual({ allowed: true });
    expect(breaker.check()).toEqual({ allowed: true });
    expect(breaker.check()).toEqual({ allowed: false, retryAfterMs: 5_000 });
    breaker.recordSuccess();
    breaker.recordSuccess();
    expect(breaker.state()).toEqual(initialCircuitState);
    expect(changes).toEqual(["closed->open", "open->half-open", "half-open->closed"]);
  });

  it("reopens when a probe fails", async () => {
    const { clock, breaker, changes } = openBreaker();
    await clock.advance(5_000);
    expect(breaker.check()).toEqual({ allowed: true });
    breaker.recordFailure();
    expect(breaker.state()).toEqual({ status: "open", openedAt: clock.now() });
    expect(changes).toEqual(["closed->open", "open->half-open", "half-open->open"]);
  });

  it("runs work while closed and answers its result", async () => {
    const clock = new ManualClock();
    const breaker = createCircuitBreaker(options, clock);
    expect(breaker.name).toBe("endpoint-1");
    expect(await breaker.execute(() => okAsync(42))).toEqual(ok(42));
    expect(await breaker.execute(() => errAsync(timeout(100)))).toEqual(err(timeout(100)));
  });

  it("opens after failing executes and then refuses without running the work", async () => {
    const clock = new ManualClock();
    const breaker = createCircuitBreaker(options, clock);
    for (let i = 0; i < 3; i++) await breaker.execute(() => errAsync(unavailable("api")));
    const work = vi.fn(() => okAsync(1));
    expect(await breaker.execute(work)).toEqual(
      err(unavailable("endpoint-1", undefined, "endpoint-1 circuit is open; retry after 5000 ms")),
    );
    expect(work).not.toHaveBeenCalled();
  });

  it("counts only errors that isFailure accepts; others count as successes", async () => {
    const clock = new ManualClock();
    const breaker = createCircuitBreaker(options, clock);
    for (let i = 0; i < 5; i++) await breaker.execute(() => errAsync(notFound("user")));
    expect(breaker.state()).toEqual(initialCircuitState);

    const strict = createCircuitBreaker({ ...options, isFailure: () => true }, clock);
    for (let i = 0; i < 3; i++) await strict.execute(() => errAsync(notFound("user")));
    expect(strict.state().status).toBe("open");
  });

  it("does not count a non-object error as a failure by default", async () => {
    const clock = new ManualClock();
    const breaker = createCircuitBreaker({ ...options, failureThreshold: 1 }, clock);
    await breaker.execute(() => errAsync("boom"));
    expect(breaker.state()).toEqual(initialCircuitState);
  });

  it("closes from half-open through successful executes", async () => {
    const { clock, breaker } = openBreaker();
    await clock.advance(5_000);
    expect(await breaker.execute(() => okAsync("a"))).toEqual(ok("a"));
    expect(await breaker.execute(() => okAsync("b"))).toEqual(ok("b"));
    expect(breaker.state()).toEqual(initialCircuitState);
  });

  it("counts a throwing work as a failure and passes the rejection on", async () => {
    const clock = new ManualClock();
    const breaker = createCircuitBreaker({ ...options, failureThreshold: 1 }, clock);
    const broken = (): ResultAsync<number, never> => {
      throw new Error("bug");
    };
    await expect(breaker.execute(broken)).rejects.toThrow("bug");
    expect(breaker.state().status).toBe("open");
  });
});
