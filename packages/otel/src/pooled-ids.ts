import { randomFillSync } from "node:crypto";
import type { IdGenerator } from "@opentelemetry/sdk-trace-base";

const zeroTraceId = "0".repeat(32);
const zeroSpanId = "0".repeat(16);

/** An id generator that also tells the sampler about the trace id it made last. */
export interface PooledIdGenerator extends IdGenerator {
  /** The trace id generated last. */
  readonly lastTraceId: string;
  /**
   * The four 32-bit words of `lastTraceId` XORed together (what a trace id
   * ratio sampler compares), read from the random bytes rather than parsed
   * back from the hex: parsing 32 characters costs more than making the id.
   */
  readonly lastTraceIdWord: number;
}

/**
 * Trace and span ids cut from a pool of random hex: `poolBytes` bytes from
 * the system's CSPRNG are turned into hex once, and each id is a slice of
 * it, until the pool is used up and refilled. Why: the SDK's default
 * generator writes `Math.random()` words into a buffer and hex-encodes it per
 * id (two native calls and a string per id, on every span); a slice costs a
 * pointer. A 4 KiB pool serves 170 spans. An all-zero id (invalid in W3C
 * trace context) gets its last digit set to 1, as the SDK does.
 */
export function pooledIdGenerator(poolBytes = 4096): PooledIdGenerator {
  const bytes = Buffer.allocUnsafe(poolBytes);
  let hex = "";
  let at = 0;
  const take = (chars: number): string => {
    if (at + chars > hex.length) {
      randomFillSync(bytes);
      hex = bytes.toString("hex");
      at = 0;
    }
    const id = hex.slice(at, at + chars);
    at += chars;
    return id;
  };
  const ids: PooledIdGenerator = {
    lastTraceId: zeroTraceId,
    lastTraceIdWord: 0,
    generateTraceId: () => {
      let id = take(32);
      const byte = (at - 32) / 2;
      let word = (bytes.readUInt32BE(byte) ^ bytes.readUInt32BE(byte + 4) ^ bytes.readUInt32BE(byte + 8) ^ bytes.readUInt32BE(byte + 12)) >>> 0;
      if (id === zeroTraceId) {
        id = `${id.slice(0, 31)}1`;
        word = 1;
      }
      (ids as { lastTraceId: string }).lastTraceId = id;
      (ids as { lastTraceIdWord: number }).lastTraceIdWord = word;
      return id;
    },
    generateSpanId: () => {
      const id = take(16);
      return id === zeroSpanId ? `${id.slice(0, 15)}1` : id;
    },
  };
  return ids;
}
