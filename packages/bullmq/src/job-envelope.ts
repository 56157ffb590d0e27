import type { Carrier } from "@hexkit/core";

/**
 * What this adapter stores as a BullMQ job's `data`: the payload as the
 * producer gave it (validated, not transformed, so the worker's second check
 * sees the same input), the carrier that continues the producer's context,
 * and, for jobs with an idempotency key, the window that key is held for
 * after the job finishes (so the worker applies the producer's window).
 */
export interface JobEnvelope {
  readonly payload: unknown;
  readonly carrier: Carrier;
  readonly idempotencyWindowMs?: number;
}

const emptyCarrier: Carrier = Object.freeze({});

function isCarrier(value: unknown): value is Carrier {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === "string")
  );
}

/**
 * Reads a job's data back as an envelope. Data written by another producer
 * (raw BullMQ) is taken as the payload itself, with an empty carrier, so such
 * jobs are still validated and run (or dead-lettered) rather than lost.
 */
export function readEnvelope(data: unknown): JobEnvelope {
  if (typeof data === "object" && data !== null && "payload" in data && "carrier" in data) {
    const envelope = data as { payload: unknown; carrier: unknown; idempotencyWindowMs?: unknown };
    const carrier = isCarrier(envelope.carrier) ? envelope.carrier : emptyCarrier;
    return typeof envelope.idempotencyWindowMs === "number"
      ? { payload: envelope.payload, carrier, idempotencyWindowMs: envelope.idempotencyWindowMs }
      : { payload: envelope.payload, carrier };
  }
  return { payload: data, carrier: emptyCarrier };
}

/** A job error as it is kept with a dead letter: tag and message only. */
export interface FailureSummary {
  readonly _tag: string;
  readonly message: string;
}

const reasonPattern = /^\[([A-Za-z]+)\] ([\s\S]*)$/;

/**
 * Encodes an error as BullMQ's `failedReason`: `[Tag] message`, readable in
 * any BullMQ dashboard and parsed back by `decodeFailure`.
 */
export function encodeFailure(error: FailureSummary): string {
  return `[${error._tag}] ${error.message}`;
}

/**
 * Decodes a `failedReason`. Reasons BullMQ wrote itself (e.g. "job stalled
 * more than allowable limit") have no tag and come back as `Internal`.
 */
export function decodeFailure(reason: string | null | undefined): FailureSummary {
  const text = reason ?? "";
  const match = reasonPattern.exec(text);
  if (match?.[1] !== undefined && match[2] !== undefined) return { _tag: match[1], message: match[2] };
  return { _tag: "Internal", message: text === "" ? "unknown failure" : text };
}
