import type { IdGenerator } from "@opentelemetry/sdk-trace-base";
import { randomWord, writeHexWord } from "./random-hex.js";

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
      const a = randomWord();
      const b = randomWord();
      const c = randomWord();
      const d = randomWord();
      writeHexWord(bytes, 0, a);
      writeHexWord(bytes, 8, b);
      writeHexWord(bytes, 16, c);
      writeHexWord(bytes, 24, (a | b | c | d) === 0 ? 1 : d);
      return bytes.toString("latin1", 0, 32);
    },
    generateSpanId: () => {
      const a = randomWord();
      const b = randomWord();
      writeHexWord(bytes, 0, a);
      writeHexWord(bytes, 8, (a | b) === 0 ? 1 : b);
      return bytes.toString("latin1", 0, 16);
    },
  };
}
