import { type Unavailable, isTransient, unavailable } from "../errors.js";
import type { Clock } from "../ports/clock.port.js";
import { type Result, ResultAsync, errAsync } from "../result.js";

/**
 * A circuit breaker stops calling a dependency that keeps failing, so callers
 * fail fast and the dependency gets room to recover. The state machine is pure
 * and its state a plain JSON value, so an app can keep one breaker per
 * endpoint anywhere (memory, Redis, a database row) and share it:
 *
 * - closed: calls pass; `failureThreshold` failures within a sliding
 *   `windowMs` open it.
 * - open: calls are refused for `coolDownMs`, then it is half-open.
 * - half-open: at most `halfOpenProbes` calls at once pass as probes;
 *   `successesToClose` successes close it, any failure reopens it. A probe
 *   that never reports back frees its slot after `coolDownMs`, so a lost
 *   probe cannot wedge the breaker.
 */
export interface CircuitPolicy {
  /** Failures within `windowMs` that open the circuit (>= 1). */
  readonly failureThreshold: number;
  /** The sliding window failures are counted in, in ms. */
  readonly windowMs: number;
  /** How long the circuit stays open before probing, in ms. */
  readonly coolDownMs: number;
  /** Probes allowed at once while half-open (default 1). */
  readonly halfOpenProbes?: number;
  /** Probe successes that close the circuit (default 1). */
  readonly successesToClose?: number;
}

/** A breaker's whole state; plain data, safe to `JSON.stringify` and store. Times are epoch ms. */
export type CircuitState =
  | { readonly status: "closed"; readonly failures: readonly number[] }
  | { readonly status: "open"; readonly openedAt: number }
  | { readonly status: "half-open"; readonly probes: number; readonly successes: number; readonly probedAt: number };

/** Whether a call may go ahead, and if not, when to ask again. */
export type CircuitDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

/** How a call that was let through ended, as far as the breaker is concerned. */
export type CircuitOutcome = "success" | "failure";

/** The state of a new breaker: closed, no failures. */
export const initialCircuitState: CircuitState = { status: "closed", failures: [] };

/** `state` as it stands at `now`: an open circuit whose cool-down has passed reads as half-open. */
export function viewCircuit(state: CircuitState, policy: CircuitPolicy, now: number): CircuitState {
  if (state.status === "open" && now >= state.openedAt + policy.coolDownMs) {
    return { status: "half-open", probes: 0, successes: 0, probedAt: now };
  }
  if (state.status === "half-open" && state.probes > 0 && now >= state.probedAt + policy.coolDownMs) {
    // Probes that never reported back are presumed lost.
    return { ...state, probes: 0 };
  }
  return state;
}

/**
 * Asks whether a call may go ahead at `now`. When half-open and allowed, the
 * returned state holds a probe slot: the caller must report the call's outcome
 * with `recordCircuitOutcome`. Closed checks change nothing.
 */
export function checkCircuit(
  state: CircuitState,
  policy: CircuitPolicy,
  now: number,
): { readonly state: CircuitState; readonly decision: CircuitDecision } {
  const current = viewCircuit(state, policy, now);
  switch (current.status) {
    case "closed":
      return { state: current, decision: { allowed: true } };
    case "open":
      return { state: current, decision: { allowed: false, retryAfterMs: current.openedAt + policy.coolDownMs - now } };
    case "half-open":
      if (current.probes >= (policy.halfOpenProbes ?? 1)) {
        return { state: current, decision: { allowed: false, retryAfterMs: current.probedAt + policy.coolDownMs - now } };
      }
      return { state: { ...current, probes: current.probes + 1, probedAt: now }, decision: { allowed: true } };
  }
}

/**
 * The state after a call let through by `checkCircuit` ended with `outcome`
 * at `now`. Outcomes of calls that started before the circuit opened are
 * ignored while it is open.
 */
export function recordCircuitOutcome(
  state: CircuitState,
  outcome: CircuitOutcome,
  policy: CircuitPolicy,
  now: number,
): CircuitState {
  const current = viewCircuit(state, policy, now);
  switch (current.status) {
    case "closed": {
      if (outcome === "success") return current;
      const failures = [...current.failures.filter((at) => at > now - policy.windowMs), now];
      // Pruned to the window, the list stays below the threshold, so the state stays small.
      return failures.length >= policy.failureThreshold ? { status: "open", openedAt: now } : { status: "closed", failures };
    }
    case "open":
      return current;
    case "half-open": {
      if (outcome === "failure") return { status: "open", openedAt: now };
      const successes = current.successes + 1;
      if (successes >= (policy.successesToClose ?? 1)) return initialCircuitState;
      return { ...current, probes: Math.max(0, current.probes - 1), successes };
    }
  }
}

/** A breaker's policy, name and failure test. */
export interface CircuitBreakerOptions extends CircuitPolicy {
  /** Names the protected dependency; the `Unavailable` error of a refused call carries it. */
  readonly name: string;
  /**
   * Which errors count as failures (default `isTransient`). Any other error
   * counts as a success: the dependency answered, if only with a refusal.
   */
  readonly isFailure?: (error: unknown) => boolean;
  /** Told on every status change (closed, open, half-open), for logs and metrics. */
  readonly onStateChange?: (change: { readonly name: string; readonly from: CircuitState["status"]; readonly to: CircuitState["status"] }) => void;
}

/** A breaker that keeps its own state in memory (one process). */
export interface CircuitBreaker {
  readonly name: string;
  /** The state as it stands now (an expired cool-down reads as half-open). */
  state(): CircuitState;
  /** Whether a call may go ahead; when half-open and allowed, takes a probe slot the caller must report on. */
  check(): CircuitDecision;
  /** Reports that an allowed call succeeded. */
  recordSuccess(): void;
  /** Reports that an allowed call failed. */
  recordFailure(): void;
  /**
   * Runs `fn` if the circuit allows it and records its outcome; refused calls
   * fail with `Unavailable` (dependency = the breaker's name) without running
   * `fn`. If `fn` throws or rejects (a bug), that counts as a failure and the
   * rejection passes on.
   */
  execute<T, E>(fn: () => ResultAsync<T, E>): ResultAsync<T, E | Unavailable>;
}

/** A stateful circuit breaker over the pure functions above, reading time from `clock`. */
export function createCircuitBreaker(options: CircuitBreakerOptions, clock: Clock): CircuitBreaker {
  const isFailure = options.isFailure ?? ((error: unknown) => typeof error === "object" && error !== null && isTransient(error as { _tag: string }));
  let current: CircuitState = initialCircuitState;

  const update = (next: CircuitState): void => {
    const from = current.status;
    current = next;
    if (from !== next.status) options.onStateChange?.({ name: options.name, from, to: next.status });
  };
  const record = (outcome: CircuitOutcome): void => {
    update(recordCircuitOutcome(current, outcome, options, clock.now()));
  };
  const check = (): CircuitDecision => {
    const { state, decision } = checkCircuit(current, options, clock.now());
    update(state);
    return decision;
  };

  return {
    name: options.name,
    state: () => viewCircuit(current, options, clock.now()),
    check,
    recordSuccess: () => {
      record("success");
    },
    recordFailure: () => {
      record("failure");
    },
    execute<T, E>(fn: () => ResultAsync<T, E>): ResultAsync<T, E | Unavailable> {
      const decision = check();
      if (!decision.allowed) {
        return errAsync(
          unavailable(options.name, undefined, `${options.name} circuit is open; retry after ${decision.retryAfterMs} ms`),
        );
      }
      const run = async (): Promise<Result<T, E>> => {
        let result: Result<T, E>;
        try {
          result = await fn();
        } catch (cause) {
          record("failure");
          throw cause;
        }
        record(result.isErr() && isFailure(result.error) ? "failure" : "success");
        return result;
      };
      return new ResultAsync(run());
    },
  };
}
