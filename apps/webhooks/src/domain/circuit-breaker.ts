/**
 * A circuit breaker per endpoint that HOLDS BACK deliveries instead of
 * dropping them: while open, a delivery is put off until the breaker lets a
 * probe through, and no attempt is counted against its schedule. After
 * `failureThreshold` consecutive failures the breaker opens for `openMs`; then
 * one probe at a time goes through (half-open). A probe's success closes it; a
 * failure reopens it for twice as long, up to `maxOpenMs`.
 */
export interface BreakerOptions {
  readonly failureThreshold: number;
  readonly openMs: number;
  readonly maxOpenMs: number;
  /** How long a granted probe holds the half-open slot before another may go (ms). */
  readonly probeTimeoutMs: number;
}

export interface BreakerState {
  readonly consecutiveFailures: number;
  /** Epoch ms until which the breaker is open; `null` while closed. */
  readonly openUntil: number | null;
  /** How long it was last opened for (ms), to double on a failed probe. */
  readonly lastOpenMs: number;
  /** Epoch ms until which the half-open probe slot is taken. */
  readonly probeUntil: number | null;
}

/** A closed breaker. */
export const closedBreaker: BreakerState = { consecutiveFailures: 0, openUntil: null, lastOpenMs: 0, probeUntil: null };

/** Whether a delivery may go now, and the state after asking. */
export type Admission =
  | { readonly kind: "allow"; readonly state: BreakerState }
  | { readonly kind: "hold"; readonly untilMs: number; readonly state: BreakerState };

/** Asks to send at `now`. While open or while another probe is out, answers `hold` with when to ask again. */
export function admit(state: BreakerState, now: number, options: BreakerOptions): Admission {
  if (state.openUntil === null) return { kind: "allow", state };
  if (now < state.openUntil) return { kind: "hold", untilMs: state.openUntil, state };
  if (state.probeUntil !== null && now < state.probeUntil) return { kind: "hold", untilMs: state.probeUntil, state };
  return { kind: "allow", state: { ...state, probeUntil: now + options.probeTimeoutMs } };
}

/** Records an attempt's result at `now`. */
export function recordResult(state: BreakerState, succeeded: boolean, now: number, options: BreakerOptions): BreakerState {
  if (succeeded) return closedBreaker;
  const consecutiveFailures = state.consecutiveFailures + 1;
  if (state.openUntil !== null) {
    const openMs = Math.min(options.maxOpenMs, Math.max(options.openMs, state.lastOpenMs * 2));
    return { consecutiveFailures, openUntil: now + openMs, lastOpenMs: openMs, probeUntil: null };
  }
  if (consecutiveFailures >= options.failureThreshold) {
    return { consecutiveFailures, openUntil: now + options.openMs, lastOpenMs: options.openMs, probeUntil: null };
  }
  return { ...state, consecutiveFailures };
}
