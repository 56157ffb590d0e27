import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * Correlation ids. An incoming id is accepted only when it is short and made
 * of safe characters, so it can go into logs, headers and problem bodies as
 * is (no log forging, no header injection); otherwise a UUIDv4 is made.
 */
const sane = /^[A-Za-z0-9._:-]{1,128}$/;

/** True for an id of 1–128 characters from `[A-Za-z0-9._:-]`. */
export function isSaneRequestId(value: unknown): value is string {
  return typeof value === "string" && sane.test(value);
}

/** Fastify's `genReqId`: the sane incoming `header`, or a new UUID; never reads the header when `accept` is false. */
export function requestIdGenerator(header: string, accept: boolean): (req: IncomingMessage) => string {
  if (!accept) return () => randomUUID();
  return (req) => {
    const incoming = req.headers[header];
    return isSaneRequestId(incoming) ? incoming : randomUUID();
  };
}
