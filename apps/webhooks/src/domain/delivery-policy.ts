import { parseRetryAfter, type RetrySchedule, scheduledDelay } from "./retry-schedule.js";

/**
 * What to do after an attempt: the rules of the Standard Webhooks senders
 * (Svix, Convoy) in one pure function. 2xx succeeds; 410 disables the
 * endpoint; 429, 502, 503 and 504 honour `Retry-After`; every other failure
 * (other statuses, timeouts, network errors, egress refusals) retries on the
 * schedule; an endpoint failing without a success for `disableAfterMs` is
 * disabled; a used-up schedule dead-letters the delivery.
 */
export interface DeliveryPolicy {
  readonly schedule: RetrySchedule;
  /** ±share of each scheduled delay spread at random (0.1 = ±10 %). */
  readonly jitterRatio: number;
  /** An endpoint that has failed without a success for this long (ms) is disabled. */
  readonly disableAfterMs: number;
  /** `Retry-After` values above this (ms) are cut to it, so one receiver cannot park a delivery forever. */
  readonly maxRetryAfterMs: number;
}

/** What one attempt came back with. */
export type AttemptOutcome =
  | { readonly kind: "response"; readonly status: number; readonly retryAfter: string | null }
  | { readonly kind: "timeout"; readonly message: string }
  | { readonly kind: "network"; readonly message: string }
  | { readonly kind: "refused"; readonly message: string };

/** The policy's verdict. */
export type Decision =
  | { readonly kind: "succeeded" }
  | { readonly kind: "retry"; readonly delayMs: number; readonly reason: string }
  | { readonly kind: "dead-letter"; readonly reason: string }
  | { readonly kind: "disable-endpoint"; readonly reason: "gone" | "failing"; readonly detail: string };

/** Statuses whose `Retry-After` is honoured. */
export const retryAfterStatuses: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** True for 2xx. */
export const isSuccess = (outcome: AttemptOutcome): boolean =>
  outcome.kind === "response" && outcome.status >= 200 && outcome.status < 300;

/** A short text for the attempt log and the dead-letter reason. */
export function describeOutcome(outcome: AttemptOutcome): string {
  return outcome.kind === "response" ? `HTTP ${outcome.status}` : `${outcome.kind}: ${outcome.message}`;
}

export interface DecideInput {
  readonly outcome: AttemptOutcome;
  /** The attempt just made, 1-based within the current round. */
  readonly roundAttempt: number;
  /** When the endpoint started failing (including this failure), `null` if it is healthy. */
  readonly failingSince: number | null;
  readonly now: number;
}

/** Applies the policy. Pure: time and randomness come in as arguments. */
export function decide(policy: DeliveryPolicy, input: DecideInput, random: () => number): Decision {
  const { outcome, now } = input;
  if (isSuccess(outcome)) return { kind: "succeeded" };
  if (outcome.kind === "response" && outcome.status === 410) {
    return { kind: "disable-endpoint", reason: "gone", detail: "The endpoint answered 410 Gone" };
  }
  if (input.failingSince !== null && now - input.failingSince >= policy.disableAfterMs) {
    return { kind: "disable-endpoint", reason: "failing", detail: `The endpoint has failed without a success since ${new Date(input.failingSince).toISOString()}` };
  }
  const reason = describeOutcome(outcome);
  const scheduled = scheduledDelay(policy.schedule, input.roundAttempt, policy.jitterRatio, random);
  if (scheduled === undefined) return { kind: "dead-letter", reason: `Retries exhausted after ${input.roundAttempt} attempts; last: ${reason}` };
  if (outcome.kind === "response" && retryAfterStatuses.has(outcome.status)) {
    const asked = parseRetryAfter(outcome.retryAfter, now);
    if (asked !== undefined) return { kind: "retry", delayMs: Math.max(scheduled, Math.min(asked, policy.maxRetryAfterMs)), reason };
  }
  return { kind: "retry", delayMs: scheduled, reason };
}
