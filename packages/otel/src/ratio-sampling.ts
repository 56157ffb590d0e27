/**
 * The four 32-bit words of a trace id XORed together: what OpenTelemetry's
 * `TraceIdRatioBasedSampler` compares with its bound.
 */
export function traceIdWord(traceId: string): number {
  let accumulation = 0;
  for (let i = 0; i < 32; i += 8) accumulation = (accumulation ^ Number.parseInt(traceId.slice(i, i + 8), 16)) >>> 0;
  return accumulation;
}

/**
 * The decision of `TraceIdRatioBasedSampler(ratio)` for a new trace id,
 * given its word (see traceIdWord): the word below `ratio` of 2³²−1. The
 * same arithmetic as the SDK's (tested against it), so services sampling at
 * one ratio keep or drop the same traces. Skipped: the SDK's per-call id
 * validation (the id was just minted), its decision object, and parsing the
 * id (the minter answers the word it was made from).
 */
export function ratioSampled(ratio: number): (traceIdWord: number) => boolean {
  const upperBound = ratio >= 1 ? 0x100000000 : ratio <= 0 ? 0 : Math.floor(ratio * 0xffffffff);
  return (word) => word < upperBound;
}
