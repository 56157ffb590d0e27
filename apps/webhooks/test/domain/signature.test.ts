import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { rotateSecret, signingSecrets } from "../../src/domain/endpoint.js";
import { formatSecret } from "../../src/domain/secret.js";
import { signatureHeader, webhookHeaders } from "../../src/domain/signature.js";
import { anEndpoint } from "../fixtures.js";

const secretA = formatSecret(new Uint8Array(32).fill(7));
const secretB = formatSecret(new Uint8Array(32).fill(9));
// The library checks the timestamp against the real time (5 minutes of tolerance), so sign "now".
const input = { id: "msg_1", timestampSeconds: Math.floor(Date.now() / 1000), body: '{"hello":"world"}' };
const nowMs = input.timestampSeconds * 1000;

describe("Standard Webhooks signature", () => {
  it("verifies with the official standardwebhooks library", () => {
    const headers = webhookHeaders([secretA], input);
    const verified = new Webhook(secretA).verify(input.body, headers);
    expect(verified).toEqual({ hello: "world" });
  });

  it("leaves out a secret it cannot decode, without a stray separator", () => {
    const valid = signatureHeader([secretA], input);
    expect(signatureHeader(["whsec_not-base64!", secretA], input)).toBe(valid);
    expect(signatureHeader([secretA, "not-a-secret"], input)).toBe(valid);
    expect(signatureHeader(["not-a-secret"], input)).toBe("");
    expect(signatureHeader([], input)).toBe("");
  });

  it("signs `id.timestamp.body` with the base64-decoded key as v1,<base64>", () => {
    expect(signatureHeader([secretA], input)).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secretA).sign(input.id, new Date(nowMs), input.body)).toBe(signatureHeader([secretA], input));
  });

  it("carries one signature per secret during a rotation, so both old and new secrets verify", () => {
    const endpoint = rotateSecret(anEndpoint({ secret: secretA }), secretB, nowMs, 60_000);
    const headers = webhookHeaders(signingSecrets(endpoint, nowMs), input);
    expect(headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(new Webhook(secretA).verify(input.body, headers)).toEqual({ hello: "world" });
    expect(new Webhook(secretB).verify(input.body, headers)).toEqual({ hello: "world" });
  });

  it("drops the old secret's signature once the grace period has passed", () => {
    const endpoint = rotateSecret(anEndpoint({ secret: secretA }), secretB, nowMs, 60_000);
    expect(signingSecrets(endpoint, nowMs + 60_000)).toEqual([secretB]);
  });

  it("fails verification when the body changes", () => {
    const headers = webhookHeaders([secretA], input);
    expect(() => new Webhook(secretA).verify('{"hello":"there"}', headers)).toThrow();
  });
});

describe("Signature verification (the receiver's side)", () => {
  it("accepts what we sign and rejects tampering, wrong secrets and stale timestamps", async () => {
    const { verifySignature } = await import("../../src/domain/verify-signature.js");
    const headers = webhookHeaders([secretA], input);
    const h = { id: headers["webhook-id"], timestamp: headers["webhook-timestamp"], signature: headers["webhook-signature"] };
    expect(verifySignature(secretA, h, input.body, nowMs)).toEqual({ ok: true });
    expect(verifySignature(secretB, h, input.body, nowMs)).toEqual({ ok: false, reason: "no signature matches the secret" });
    expect(verifySignature(secretA, h, "{}", nowMs)).toEqual({ ok: false, reason: "no signature matches the secret" });
    expect(verifySignature(secretA, h, input.body, nowMs + 10 * 60_000)).toEqual({ ok: false, reason: "webhook-timestamp is too old or too new" });
  });

  it("agrees with the official library on a rotated (two-signature) header", async () => {
    const { verifySignature } = await import("../../src/domain/verify-signature.js");
    const headers = webhookHeaders([secretB, secretA], input);
    const h = { id: headers["webhook-id"], timestamp: headers["webhook-timestamp"], signature: headers["webhook-signature"] };
    expect(verifySignature(secretA, h, input.body, nowMs)).toEqual({ ok: true });
    expect(new Webhook(secretA).verify(input.body, headers)).toEqual({ hello: "world" });
  });
});
