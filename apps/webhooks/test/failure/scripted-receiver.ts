import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the receiver got. */
export interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

/** What to do with a request: answer `status` after `delayMs`, or never answer (`hold`). */
export type Reply = { readonly status: number; readonly delayMs?: number } | "hold";

/**
 * A receiver on 127.0.0.1 whose answers the test scripts per request
 * (`reply(n)` for the n-th request, 0-based). Answers are counted in
 * `answered` when the response was actually written.
 */
export async function startScriptedReceiver(reply: (index: number) => Reply = () => ({ status: 204 })) {
  const received: Received[] = [];
  const answered: Received[] = [];
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const entry = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() };
      const decision = reply(received.length);
      received.push(entry);
      if (decision === "hold") {
        open.add(res);
        return;
      }
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(decision.status).end(() => answered.push(entry));
      }, decision.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    answered,
    /** The distinct `webhook-id`s received. */
    ids: (): Set<string> => new Set(received.map((r) => String(r.headers["webhook-id"]))),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => { resolve(); });
      }),
  };
}
