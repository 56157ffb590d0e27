import type { IdGenerator } from "@opentelemetry/sdk-trace-base";

/** An id generator that also tells the sampler about the trace id it made last. */
export interface PooledIdGenerator extends IdGenerator {
  /** The trace id generated last. */
  readonly lastTraceId: string;
  /**
   * The four 32-bit words of `lastTraceId` XORed together (what a trace id
   * ratio sampler compares), kept from the random words rather than parsed
   * back from the hex: parsing 32 characters costs more than making the id.
   */
  readonly lastTraceIdWord: number;
}

/** Two lowercase hex digits per byte value. */
const hexOf = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const hexWord = (word: number): string =>
  (hexOf[word >>> 24] as string) + (hexOf[(word >>> 16) & 255] as string) + (hexOf[(word >>> 8) & 255] as string) + (hexOf[word & 255] as string);
const randomWord = (): number => (Math.random() * 0x100000000) >>> 0;

/**
 * Trace and span ids from `Math.random()` words (as the SDK's default
 * generator), turned into hex through a table of 256 two-digit strings.
 * Why not the SDK's generator: it writes the words into a buffer and
 * hex-encodes it per id, two native calls and a string per id on every span;
 * and not the system's CSPRNG: a refill of a random pool measured several
 * times its share of a request's CPU in a loaded server. W3C trace context
 * asks for random ids, not secret ones. An all-zero id (invalid) gets its
 * last digit set to 1, as the SDK does.
 */
export function pooledIdGenerator(): PooledIdGenerator {
  const ids: PooledIdGenerator = {
    lastTraceId: "00000000000000000000000000000001",
    lastTraceIdWord: 1,
    generateTraceId: () => {
      const a = randomWord();
      const b = randomWord();
      const c = randomWord();
      // An all-zero id is invalid: the last word becomes 1 (the SDK sets the last digit).
      const d = (a | b | c) === 0 ? randomWord() || 1 : randomWord();
      const id = hexWord(a) + hexWord(b) + hexWord(c) + hexWord(d);
      (ids as { lastTraceId: string }).lastTraceId = id;
      (ids as { lastTraceIdWord: number }).lastTraceIdWord = (a ^ b ^ c ^ d) >>> 0;
      return id;
    },
    generateSpanId: () => {
      const a = randomWord();
      return hexWord(a) + hexWord(a === 0 ? randomWord() || 1 : randomWord());
    },
  };
  return ids;
}
