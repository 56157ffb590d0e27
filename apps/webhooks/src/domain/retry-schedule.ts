/**
 * When to try a delivery again: a fixed schedule of delays with jitter, and
 * the receiver's own `Retry-After` when it sends one with a 429 or 5xx that
 * means "later".
 */

/** Delays in ms before each attempt; the first is the initial attempt's (usually 0). */
export type RetrySchedule = readonly number[];

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/** 0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: eight attempts over about 27.6 hours. */
export const defaultRetrySchedule: RetrySchedule = [0, 5 * second, 5 * minute, 30 * minute, 2 * hour, 5 * hour, 10 * hour, 10 * hour];

/**
 * The delay before attempt `attempt + 1` after attempt `attempt` (1-based)
 * failed, spread by ±`jitterRatio` (0.1 = ±10 %) so that many deliveries that
 * failed together do not retry together. `undefined` when the schedule is used up.
 */
export function scheduledDelay(schedule: RetrySchedule, attempt: number, jitterRatio: number, random: () => number): number | undefined {
  const base = schedule[attempt];
  if (base === undefined) return undefined;
  const spread = base * jitterRatio * (random() * 2 - 1);
  return Math.max(0, Math.round(base + spread));
}

/**
 * Parses a `Retry-After` value (delay-seconds or an HTTP date) into ms from
 * `now`; `undefined` when absent or unreadable. A date in the past reads as 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
