/**
 * What the webhooks benches share: a loopback receiver that only counts what
 * it gets, and the raw undici POST loop that is their baseline. The receiver
 * does no more work per request than it must (no body kept, 204 at once),
 * because the delivery bench's CPU per delivery includes it; the test
 * receiver in test/support records every request and is too heavy for this.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Agent, request } from "undici";

/** A running counting receiver. */
export interface CountingReceiver {
  /** `http://127.0.0.1:<port>/hook`. */
  readonly url: string;
  /** Requests fully received so far. */
  readonly count: () => number;
  /** Resolves once at least `n` requests have been received. */
  readonly waitFor: (n: number) => Promise<void>;
  /** Drops open connections and stops listening (does not wait for the close). */
  readonly close: () => void;
}

/** Starts a receiver on 127.0.0.1 (ephemeral port) that answers 204 to every request and counts them. */
export async function startCountingReceiver(): Promise<CountingReceiver> {
  let count = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      count++;
      res.writeHead(204).end();
      for (const w of waiters) if (count >= w.n) w.resolve();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    count: () => count,
    waitFor: (n: number) => (count >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))),
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

// Built once, outside any measured span.
const body = JSON.stringify({ n: 0 });

/**
 * POSTs a small JSON body to `url` `total` times, `concurrency` requests in
 * flight, through `dispatcher`; resolves when every response body is consumed.
 */
export async function postConcurrently(url: string, total: number, concurrency: number, dispatcher: Agent): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) {
        const res = await request(url, { method: "POST", body, dispatcher, headers: { "content-type": "application/json" } });
        await res.body.dump();
      }
    }),
  );
}
