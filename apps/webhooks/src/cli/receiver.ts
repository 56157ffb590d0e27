import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "../domain/verify-signature.js";

/** Options of the development receiver. */
export interface ReceiverOptions {
  readonly port: number;
  readonly host: string;
  /** The endpoint's `whsec_` secret; without it deliveries are printed unverified. */
  readonly secret: string | undefined;
  /** Status to answer (default 204): try 500 or 410 to watch retries and disabling. */
  readonly status: number;
  readonly print: (line: string) => void;
}

/**
 * A tiny webhook receiver for local development: prints each delivery with
 * whether its Standard Webhooks signature verifies, and answers `status`
 * (401 when a secret is set and the signature does not verify).
 */
export async function startDevReceiver(options: ReceiverOptions): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const header = (name: string): string | undefined => {
        const v = req.headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      const headers = { id: header("webhook-id"), timestamp: header("webhook-timestamp"), signature: header("webhook-signature") };
      const verdict = options.secret === undefined ? undefined : verifySignature(options.secret, headers, body, Date.now());
      const label = verdict === undefined ? "UNVERIFIED (no --secret)" : verdict.ok ? "VERIFIED" : `REJECTED (${verdict.reason})`;
      options.print(`${new Date().toISOString()} ${req.method ?? "?"} ${req.url ?? "/"} webhook-id=${headers.id ?? "-"} ${label}\n  ${body}`);
      res.writeHead(verdict !== undefined && !verdict.ok ? 401 : options.status).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address() as AddressInfo;
  return { server, url: `http://${options.host}:${address.port}` };
}
