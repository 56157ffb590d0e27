import type { Span as ApiSpan } from "@opentelemetry/api";
import { writeRandomSpanId, writeRandomTraceId } from "./random-hex.js";

/** A span that carries the W3C `traceparent` minted with its ids (`00-<trace id>-<span id>-<flags>`). */
export interface MintedSpan extends ApiSpan {
  readonly traceparent: string;
}

/** Where each part sits in `00-<32 hex>-<16 hex>-<2 hex>`. */
const traceIdAt = 3;
const spanIdAt = 36;
const flagsAt = 53;
const length = 55;
const zero = 0x30;
const one = 0x31;

/** The trace id inside a minted traceparent (a slice: no copy). */
export const traceIdOf = (traceparent: string): string => traceparent.slice(traceIdAt, traceIdAt + 32);
/** The span id inside a minted traceparent (a slice: no copy). */
export const spanIdOf = (traceparent: string): string => traceparent.slice(spanIdAt, spanIdAt + 16);

/**
 * Makes a span's ids and its `traceparent` together: the digits are written
 * into one reused buffer and read back as one flat string, of which the
 * trace and span ids are slices. One string is built per span where ids
 * joined from pieces and then formatted into a traceparent were three, and
 * the header Node writes from it needs no flattening.
 *
 * Ids come from `Math.random()` words, as the SDK's default generator's do:
 * W3C trace context asks for random ids, not secret ones. An all-zero id
 * (invalid) gets its last digit set to 1, as the SDK does. Not reentrant,
 * and need not be: minting is synchronous.
 */
export class TraceparentMinter {
  readonly #bytes = Buffer.from(`00-${"0".repeat(32)}-${"0".repeat(16)}-00`, "latin1");

  /**
   * Writes a new trace id and a new span id. Answers the trace id's four
   * 32-bit words XORed together (see writeRandomTraceId).
   */
  root(): number {
    const word = writeRandomTraceId(this.#bytes, traceIdAt);
    writeRandomSpanId(this.#bytes, spanIdAt);
    return word;
  }

  /** Writes the parent's trace id (32 hex digits, already validated) and a new span id. */
  child(traceId: string): void {
    this.#bytes.write(traceId, traceIdAt, 32, "latin1");
    writeRandomSpanId(this.#bytes, spanIdAt);
  }

  /** The traceparent of the ids written last, flagged sampled or not. */
  traceparent(sampled: boolean): string {
    this.#bytes[flagsAt + 1] = sampled ? one : zero;
    return this.#bytes.toString("latin1", 0, length);
  }
}
