import type { FlagDefinition } from "../ports/feature-flags.port.js";

/**
 * A stable bucket in [0, 100) for a (flag, key) pair: FNV-1a (32 bit) over
 * `flag + ":" + key`. Stable across processes and releases, so a key keeps its
 * answer; salted by the flag, so the same keys are not always first in.
 */
export function rolloutBucket(flag: string, key: string): number {
  let hash = 0x811c9dc5;
  const input = `${flag}:${key}`;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % 10_000) / 100;
}

/**
 * Whether `definition` turns `flag` on for `key`. Undefined definitions are
 * off; a percentage below 100 needs a key (no key: off), and a key is in when
 * its bucket is below the percentage, so raising the percentage only adds keys.
 */
export function evaluateFlag(definition: FlagDefinition | undefined, flag: string, key?: string): boolean {
  if (definition === undefined || !definition.enabled) return false;
  const percentage = definition.percentage ?? 100;
  if (percentage >= 100) return true;
  if (percentage <= 0 || key === undefined) return false;
  return rolloutBucket(flag, key) < percentage;
}
