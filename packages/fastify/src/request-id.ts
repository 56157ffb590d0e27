import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * Correlation ids. An incoming id is accepted only when it is short and made
 * of safe characters, so it can go into logs, headers and problem bodies as
 * is (no log forging, no header injection). Otherwise a new one is made: a
 * random 64-bit prefix per process and a counter (`9f86d081884c7d65-1a`),
 * unique across processes without paying for a UUID's randomness on every
 * request. Ids are for correlation, not secrets: they are guessable.
 */
const sane = /^[A-Za-z0-9._:-]{1,128}$/;

/** True for an id of 1–128 characters from `[A-Za-z0-9._:-]`. */
export function isSaneRequestId(value: unknown): value is string {
  return typeof value === "string" && sane.test(value);
}

/** Makes new ids: a random per-generator prefix and a counter. */
export function idSequence(): () => string {
  const prefix = randomBytes(8).toString("hex");
  let counter = 0;
  return () => {
    counter += 1;
    return `${prefix}-${counter.toString(36)}`;
  };
}

/** Fastify's `genReqId`: the sane incoming `header`, or a new id; never reads the header when `accept` is false. */
export function requestIdGenerator(header: string, accept: boolean): (req: IncomingMessage) => string {
  const next = idSequence();
  if (!accept) return next;
  return (req) => {
    const incoming = req.headers[header];
    return isSaneRequestId(incoming) ? incoming : next();
  };
}
