import { randomFillSync } from "node:crypto";
import type { IdGenerator } from "@hexkit/core";

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32: no I, L, O, U

/** Options for `createIdGenerator`; both exist for deterministic tests. */
export interface IdGeneratorOptions {
  /** Epoch ms; default `Date.now`. */
  readonly now?: () => number;
  /** Fills a buffer with random bytes; default node:crypto's `randomFillSync`. */
  readonly randomFill?: (bytes: Uint8Array) => void;
}

function encodeTime(ms: number): string {
  let out = "";
  let rest = Math.floor(ms);
  for (let i = 0; i < 10; i++) {
    out = alphabet.charAt(rest % 32) + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** 80 random bits as 16 base32 characters (5 bytes -> 8 characters, twice). */
function encodeRandom(bytes: Uint8Array): string {
  let out = "";
  for (let half = 0; half < 2; half++) {
    let value = 0n;
    for (let i = 0; i < 5; i++) value = (value << 8n) | BigInt(bytes[half * 5 + i] ?? 0);
    for (let i = 7; i >= 0; i--) out += alphabet.charAt(Number((value >> BigInt(i * 5)) & 31n));
  }
  return out;
}

/** Adds one to a big-endian byte string; false when it overflowed. */
function increment(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 1; i >= 0; i--) {
    const next = (bytes[i] ?? 0) + 1;
    bytes[i] = next & 0xff;
    if (next <= 0xff) return true;
  }
  return false;
}

/**
 * ULIDs (26 characters: 48-bit ms timestamp + 80 random bits, Crockford
 * base32) from node:crypto randomness. Monotonic within a process: ids made in
 * the same millisecond increment the random part, so they sort in creation
 * order; across processes they sort by millisecond. `next("msg")` answers
 * `msg_01J…`.
 */
export function createIdGenerator(options: IdGeneratorOptions = {}): IdGenerator {
  const now = options.now ?? Date.now;
  const randomFill = options.randomFill ?? ((bytes: Uint8Array) => randomFillSync(bytes));
  let lastTime = -1;
  const random = new Uint8Array(10);
  return {
    next(prefix) {
      let time = now();
      if (time > lastTime) {
        randomFill(random);
        lastTime = time;
      } else if (!increment(random)) {
        // 2^80 ids in one ms cannot happen in practice; borrow the next ms to stay sortable.
        lastTime += 1;
        randomFill(random);
      }
      time = lastTime;
      const id = encodeTime(time) + encodeRandom(random);
      return prefix === undefined || prefix === "" ? id : `${prefix}_${id}`;
    },
  };
}
