import { type Result, err, invalid, ok, type ValidationError } from "@hexkit/core";

/**
 * Endpoint signing secrets in the Standard Webhooks format: `whsec_` followed
 * by the base64 of 24 to 64 random bytes. The HMAC key is the decoded bytes,
 * never the text, so a receiver using any Standard Webhooks library agrees.
 */
export const secretPrefix = "whsec_";

/** Smallest and largest key sizes the spec allows, in bytes. */
export const secretKeyBytes = { min: 24, max: 64 } as const;

/** Formats raw key bytes as a `whsec_` secret. Deterministic; the caller supplies the randomness. */
export function formatSecret(key: Uint8Array): string {
  return secretPrefix + Buffer.from(key).toString("base64");
}

/** Decodes a `whsec_` secret into its HMAC key; a `ValidationError` when the text is not one. */
export function secretKey(secret: string): Result<Buffer, ValidationError> {
  if (!secret.startsWith(secretPrefix)) return err(invalid(["secret"], `A secret starts with "${secretPrefix}"`));
  const body = secret.slice(secretPrefix.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return err(invalid(["secret"], "A secret is base64 after its prefix"));
  const key = Buffer.from(body, "base64");
  if (key.length < secretKeyBytes.min || key.length > secretKeyBytes.max) {
    return err(invalid(["secret"], `A secret's key is ${secretKeyBytes.min} to ${secretKeyBytes.max} bytes`));
  }
  return ok(key);
}
