import type { IdGenerator } from "@opentelemetry/sdk-trace-base";
import { writeRandomSpanId, writeRandomTraceId } from "./random-hex.js";

/**
 * Trace and span ids from `Math.random()` words (as the SDK's default
 * generator), written as hex digits into one reused buffer and read back as
 * one flat string. For the SDK's provider (spans started through
 * OpenTelemetry's global API); the port's own spans get theirs from
 * `TraceparentMinter`. Why not the SDK's generator: it hex-encodes a fresh
 * buffer through two native calls per id; and not the system's CSPRNG: a
 * refill of a random pool measured several times its share of a request's
 * CPU in a loaded server. W3C trace context asks for random ids, not secret
 * ones. An all-zero id (invalid) gets its last digit set to 1, as the SDK does.
 */
export function pooledIdGenerator(): IdGenerator {
  const bytes = Buffer.alloc(32);
  return {
    generateTraceId: () => {
      writeRandomTraceId(bytes, 0);
      return bytes.toString("latin1", 0, 32);
    },
    generateSpanId: () => {
      writeRandomSpanId(bytes, 0);
      return bytes.toString("latin1", 0, 16);
    },
  };
}
