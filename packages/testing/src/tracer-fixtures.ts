import { type ResultAsync, fromSafePromise } from "@hexkit/core";
import { expect } from "vitest";

/**
 * What the two tracer suites (tracer.contract.ts, tracer-in-store.contract.ts)
 * share. Internal to @hexkit/testing.
 */

/** Matches a string of `length` lowercase hex characters. */
export const hex = (length: number): unknown => expect.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));

/** Runs `fn` after a macrotask turn, as a ResultAsync: the async boundary the active span must survive. */
export const afterAnAwait = <T>(fn: () => T): ResultAsync<T, never> =>
  fromSafePromise(new Promise((resolve) => setImmediate(resolve)).then(fn));

/** A remote parent, as an incoming request's or a job's carrier brings it. */
export const remoteParent = {
  traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
  traceId: "0af7651916cd43dd8448eb211c80319c",
  spanId: "b7ad6b7169203331",
} as const;

/** The finished span named `name`, failing the test when there is none. */
export async function finishedNamed<S extends { readonly name: string }>(finished: () => Promise<readonly S[]>, name: string): Promise<S> {
  const span = (await finished()).find((s) => s.name === name);
  expect(span, `span ${name}`).toBeDefined();
  return span as S;
}
