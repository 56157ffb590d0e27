import { checkCircuit, type CircuitPolicy, type CircuitState, initialCircuitState, recordCircuitOutcome } from "@hexkit/core";

/**
 * The per-endpoint circuit breaker, on core's pure breaker, used so that it
 * HOLDS BACK deliveries instead of dropping them: while the circuit is open
 * (or its half-open probe slot is taken), a delivery is put off until the
 * breaker may let it through, and no attempt is counted against its retry
 * schedule. Failures within a sliding window open it; after the cool-down one
 * probe goes through; its success closes it, its failure reopens it.
 */
export type BreakerOptions = CircuitPolicy;

/** One endpoint's breaker: core's plain, serialisable state. */
export type BreakerState = CircuitState;

/** A closed breaker. */
export const closedBreaker: BreakerState = initialCircuitState;

/** Whether a delivery may go now, and the state after asking. */
export type Admission =
  | { readonly kind: "allow"; readonly state: BreakerState }
  | { readonly kind: "hold"; readonly untilMs: number; readonly state: BreakerState };

/** Asks to send at `now`. While open or while a probe is out, answers `hold` with when to ask again. */
export function admit(state: BreakerState, now: number, options: BreakerOptions): Admission {
  const checked = checkCircuit(state, options, now);
  return checked.decision.allowed
    ? { kind: "allow", state: checked.state }
    : { kind: "hold", untilMs: now + checked.decision.retryAfterMs, state: checked.state };
}

/** Records an attempt's result at `now`. */
export function recordResult(state: BreakerState, succeeded: boolean, now: number, options: BreakerOptions): BreakerState {
  return recordCircuitOutcome(state, succeeded ? "success" : "failure", options, now);
}
