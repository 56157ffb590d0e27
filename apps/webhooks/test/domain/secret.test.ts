import { err, invalid, ok } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { formatSecret, secretKey } from "../../src/domain/secret.js";

describe("whsec_ secrets", () => {
  it("decodes a secret back to its key bytes", () => {
    const key = new Uint8Array(24).fill(1);
    expect(secretKey(formatSecret(key))).toEqual(ok(Buffer.from(key)));
  });

  it("refuses text without the whsec_ prefix", () => {
    expect(secretKey("abc")).toEqual(err(invalid(["secret"], 'A secret starts with "whsec_"')));
  });

  it("refuses keys shorter than 24 bytes", () => {
    expect(secretKey(formatSecret(new Uint8Array(8))).isErr()).toBe(true);
  });
});
