import { timingSafeEqual } from "node:crypto";
import { signOne } from "./signature.js";

/** Why a delivery did not verify, or `verified`. */
export type Verification = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * The receiver's side of Standard Webhooks: the `webhook-timestamp` must be
 * within `toleranceMs` of `nowMs` (replay protection), and one of the
 * space-separated `v1,` signatures must equal ours for `secret`, compared in
 * constant time. Used by the `cli receiver`; tests cross-check it against the
 * official library.
 */
export function verifySignature(
  secret: string,
  headers: { readonly id?: string | undefined; readonly timestamp?: string | undefined; readonly signature?: string | undefined },
  body: string,
  nowMs: number,
  toleranceMs = 5 * 60_000,
): Verification {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: "missing webhook-id, webhook-timestamp or webhook-signature" };
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds)) return { ok: false, reason: "webhook-timestamp is not whole seconds" };
  if (Math.abs(nowMs - seconds * 1000) > toleranceMs) return { ok: false, reason: "webhook-timestamp is too old or too new" };
  const expected = signOne(secret, { id, timestampSeconds: seconds, body });
  if (expected === undefined) return { ok: false, reason: "the secret is not a valid whsec_ secret" };
  const want = Buffer.from(expected);
  const match = signature.split(" ").some((candidate) => {
    const got = Buffer.from(candidate);
    return got.length === want.length && timingSafeEqual(got, want);
  });
  return match ? { ok: true } : { ok: false, reason: "no signature matches the secret" };
}
