/** One line of an NDJSON stream: its 1-based number and text, or why it was refused. */
export type NdjsonLine =
  | { readonly line: number; readonly text: string }
  | { readonly line: number; readonly error: string };

/**
 * Splits a byte stream into lines (`\n`, with an optional `\r` before it),
 * lazily: the source is read only as fast as the consumer pulls, so a slow
 * consumer slows the client down (TCP backpressure) instead of buffering.
 * Blank lines are skipped (but counted). A line longer than `maxLineBytes`
 * is reported as an error and skipped without being held in memory, so
 * memory stays within about `maxLineBytes` plus one chunk whatever the input.
 */
export async function* ndjsonLines(source: AsyncIterable<Buffer | string>, maxLineBytes: number): AsyncGenerator<NdjsonLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  // An object, not a local: the closures below change it, and narrowing must not assume it stays false.
  const state = { overflow: false };
  let line = 0;
  const take = (): NdjsonLine | undefined => {
    line += 1;
    if (state.overflow) {
      state.overflow = false;
      pending = [];
      pendingBytes = 0;
      return { line, error: `Line is longer than ${maxLineBytes} bytes` };
    }
    let text = Buffer.concat(pending, pendingBytes).toString("utf8");
    pending = [];
    pendingBytes = 0;
    if (text.endsWith("\r")) text = text.slice(0, -1);
    return text.trim() === "" ? undefined : { line, text };
  };
  for await (const chunk of source) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (let nl = bytes.indexOf(10, start); nl !== -1; nl = bytes.indexOf(10, start)) {
      append(bytes.subarray(start, nl));
      const next = take();
      if (next !== undefined) yield next;
      start = nl + 1;
    }
    append(bytes.subarray(start));
  }
  if (pendingBytes > 0 || state.overflow) {
    const last = take();
    if (last !== undefined) yield last;
  }

  function append(part: Buffer): void {
    if (part.length === 0 || state.overflow) return;
    if (pendingBytes + part.length > maxLineBytes) {
      state.overflow = true;
      pending = [];
      pendingBytes = 0;
      return;
    }
    // Copy: the chunk's memory may be reused by the stream once we let go of it.
    pending.push(Buffer.from(part));
    pendingBytes += part.length;
  }
}

/** Groups `source` into arrays of up to `size` items, pulling only one batch ahead. */
export async function* inBatches<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of source) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
