import type { DestinationStream } from "pino";

/** A synchronous destination that keeps every line, for assertions. */
export function collectingDestination(): DestinationStream & { text(): string; lines(): Record<string, unknown>[] } {
  const chunks: string[] = [];
  return {
    write: (chunk: string) => {
      chunks.push(chunk);
    },
    text: () => chunks.join(""),
    lines: () =>
      chunks
        .join("")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
