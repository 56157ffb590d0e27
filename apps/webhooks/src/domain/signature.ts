import { createHmac } from "node:crypto";
import { secretKey } from "./secret.js";

/**
 * Standard Webhooks signing. Deterministic and free of I/O (HMAC only), so it
 * stays in the domain. The signed content is `${id}.${timestamp}.${body}`,
 * where `timestamp` is whole seconds since the epoch and `body` is the exact
 * bytes sent.
 */
export interface SignInput {
  /** The `webhook-id`: the message id, the same on every retry so receivers can deduplicate. */
  readonly id: string;
  /** The `webhook-timestamp` in whole seconds since the epoch. */
  readonly timestampSeconds: number;
  /** The request body exactly as sent. */
  readonly body: string;
}

// Decoded keys by secret text: every attempt signs, and decoding (check + base64) costs as
// much as the HMAC of a small body. Bounded so that rotated-out secrets do not pile up.
const decodedKeys = new Map<string, Buffer | null>();
const maxDecodedKeys = 1_000;

function keyOf(secret: string): Buffer | null {
  let key = decodedKeys.get(secret);
  if (key === undefined) {
    const decoded = secretKey(secret);
    key = decoded.isOk() ? decoded.value : null;
    if (decodedKeys.size >= maxDecodedKeys) decodedKeys.clear();
    decodedKeys.set(secret, key);
  }
  return key;
}

/** One `v1,<base64 HMAC-SHA256>` signature with `secret` (a valid `whsec_` secret; an invalid one signs nothing). */
export function signOne(secret: string, input: SignInput): string | undefined {
  const key = keyOf(secret);
  if (key === null) return undefined;
  const mac = createHmac("sha256", key).update(`${input.id}.${input.timestampSeconds}.${input.body}`).digest("base64");
  return `v1,${mac}`;
}

/**
 * The value of `webhook-signature`: one signature per secret, space-separated,
 * so a receiver that holds any of them (during a rotation's grace period) verifies.
 */
export function signatureHeader(secrets: readonly string[], input: SignInput): string {
  // A plain loop: every attempt signs, and flatMap + join cost an array, a closure and a join per call.
  let header = "";
  for (const secret of secrets) {
    const signature = signOne(secret, input);
    if (signature !== undefined) header = header === "" ? signature : `${header} ${signature}`;
  }
  return header;
}

/** The three Standard Webhooks headers for one attempt. */
export function webhookHeaders(secrets: readonly string[], input: SignInput): Record<string, string> {
  return {
    "webhook-id": input.id,
    "webhook-timestamp": String(input.timestampSeconds),
    "webhook-signature": signatureHeader(secrets, input),
  };
}
