import { createHmac, randomBytes } from "node:crypto";

/** A new `whsec_` secret: 24 random bytes, base64. */
export const newSecret = (): string => `whsec_${randomBytes(24).toString("base64")}`;

/**
 * The Standard Webhooks signature of one delivery: `v1,` + base64
 * HMAC-SHA256 over `id.timestamp.body`, keyed by the secret's bytes.
 * `timestampSeconds` is Unix seconds.
 */
export function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64")}`;
}
