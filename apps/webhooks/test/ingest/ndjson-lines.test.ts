import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { inBatches, ndjsonLines } from "../../src/ingest/ndjson-lines.js";

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

const chunks = (...parts: string[]): AsyncIterable<Buffer> => Readable.from(parts.map((p) => Buffer.from(p)));

describe("NDJSON lines", () => {
  it("splits lines across chunk boundaries, numbering them from 1 and skipping blank ones", async () => {
    const lines = await collect(ndjsonLines(chunks('{"a"', ':1}\n\n{"b":2}\r\n', '{"c":3}'), 100));
    expect(lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 3, text: '{"b":2}' },
      { line: 4, text: '{"c":3}' },
    ]);
  });

  it("reports a line over the limit by number without keeping it, and goes on", async () => {
    const lines = await collect(ndjsonLines(chunks("12345", "67890\nok\n", "x".repeat(20)), 8));
    expect(lines).toEqual([
      { line: 1, error: "Line is longer than 8 bytes" },
      { line: 2, text: "ok" },
      { line: 3, error: "Line is longer than 8 bytes" },
    ]);
  });

  it("keeps multi-byte characters split between chunks intact", async () => {
    const bytes = Buffer.from('"é"\n');
    const split = Readable.from([bytes.subarray(0, 2), bytes.subarray(2)]);
    expect(await collect(ndjsonLines(split, 10))).toEqual([{ line: 1, text: '"é"' }]);
  });

  it("pulls the source only as far as the consumer has read (backpressure)", async () => {
    let produced = 0;
    function* source(): Generator<string> {
      for (let i = 0; i < 1_000; i++) {
        produced += 1;
        yield `${i}\n`;
      }
    }
    const batches = inBatches(ndjsonLines(Readable.from(source(), { highWaterMark: 1 }), 10), 10);
    const first = await batches.next();
    expect(first.value).toHaveLength(10);
    // A stream reads a little ahead (its high-water mark), never the whole source.
    expect(produced).toBeLessThan(20);
    await batches.return(undefined);
  });
});
