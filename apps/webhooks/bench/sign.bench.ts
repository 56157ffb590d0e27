import { createHmac } from "node:crypto";
import { defineBench } from "@hexkit/bench";
import { formatSecret } from "../src/domain/secret.js";
import { signatureHeader } from "../src/domain/signature.js";

// What every delivery attempt pays to sign: our header (decode whsec_, HMAC, base64)
// against a bare HMAC-SHA256 with the key already decoded.
const key = Buffer.alloc(32, 7);
const secret = formatSecret(key);
const rotated = [formatSecret(Buffer.alloc(32, 9)), secret];
const body = JSON.stringify({ type: "invoice.paid", data: { id: "inv_1", amount: 4200, lines: Array.from({ length: 20 }, (_, i) => ({ i, sku: `sku-${i}` })) } });
const input = { id: "msg_01JABCDEFGHJKMNPQRSTVWXYZ", timestampSeconds: 1_735_689_600, body };

export default defineBench({
  kind: "micro",
  group: "webhooks: Standard Webhooks signature (1 KiB body)",
  baseline: "raw createHmac (key pre-decoded)",
  tasks: {
    "raw createHmac (key pre-decoded)": () => createHmac("sha256", key).update(`${input.id}.${input.timestampSeconds}.${input.body}`).digest("base64"),
    "signatureHeader, one secret": () => signatureHeader([secret], input),
    "signatureHeader, two secrets (rotation)": () => signatureHeader(rotated, input),
  },
  targets: { "signatureHeader, one secret": 0.8, "signatureHeader, two secrets (rotation)": 0.4 },
  timeMs: 1000,
});
