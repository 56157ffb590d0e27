import { performance } from "node:perf_hooks";
import { fromSafePromise } from "@hexkit/core";
import { Agent, request } from "undici";
import type { AttemptOutcome } from "../../domain/delivery-policy.js";
import type { SendResult, WebhookSender } from "../egress.port.js";
import type { AddressPolicy } from "./address-policy.js";
import { staticRefusal, type Resolve } from "./egress-guard.js";
import { createGuardedLookup } from "./guarded-lookup.js";

/** Sender options; times in ms, sizes in bytes. */
export interface UndiciSenderOptions {
  /** Time to open the TCP (and TLS) connection. */
  readonly connectTimeoutMs: number;
  /** Time for the whole attempt, from connect to the last byte read. */
  readonly timeoutMs: number;
  /** How much of the response body to keep as the attempt's snippet; the rest is discarded unread. */
  readonly maxResponseBytes: number;
}

/** Reads at most `cap` bytes of a body, then drops the stream. */
async function readCapped(body: AsyncIterable<Uint8Array> & { destroy(): void }, cap: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(Buffer.from(chunk));
    size += chunk.byteLength;
    if (size >= cap) break;
  }
  body.destroy();
  return Buffer.concat(chunks).subarray(0, cap).toString("utf8");
}

interface ErrorFacts {
  readonly code: string | undefined;
  readonly name: string | undefined;
  readonly message: string;
}

/** The innermost error in a `cause` chain that has a `code` (undici wraps socket errors), or the outer one. */
function factsOf(error: unknown, depth = 0): ErrorFacts {
  const x = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
  const own: ErrorFacts = {
    code: typeof x.code === "string" ? x.code : undefined,
    name: typeof x.name === "string" ? x.name : undefined,
    message: typeof x.message === "string" ? x.message : String(error),
  };
  if (own.code !== undefined || depth > 3 || x.cause === undefined) return own;
  const inner = factsOf(x.cause, depth + 1);
  return inner.code !== undefined ? inner : own;
}

function outcomeOf(error: unknown, timeoutMs: number): AttemptOutcome {
  const e = factsOf(error);
  if (e.code === "EGRESS_REFUSED") return { kind: "refused", message: e.message };
  if (e.name === "TimeoutError" || e.name === "AbortError" || e.code === "UND_ERR_HEADERS_TIMEOUT" || e.code === "UND_ERR_BODY_TIMEOUT") {
    return { kind: "timeout", message: `no complete answer within ${timeoutMs} ms` };
  }
  if (e.code === "UND_ERR_CONNECT_TIMEOUT") return { kind: "timeout", message: "connect timed out" };
  return { kind: "network", message: e.code !== undefined ? `${e.code}: ${e.message}` : e.message };
}

/**
 * Sends webhooks with undici. Guarantees: only http(s); every connection goes
 * through the guarded lookup (resolve once, refuse denied ranges, pin the
 * checked address), IP literals are checked before sending; redirects are
 * never followed (a 3xx is just a failed attempt); the attempt is aborted
 * after `timeoutMs`; at most `maxResponseBytes` of the body is read. Never
 * fails: every problem is an outcome.
 */
export function createUndiciSender(
  options: UndiciSenderOptions,
  deps: { readonly policy: AddressPolicy; readonly resolve: Resolve },
): WebhookSender & { close(): Promise<void> } {
  const agent = new Agent({
    connect: { timeout: options.connectTimeoutMs, lookup: createGuardedLookup(deps.policy, deps.resolve) },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const attempt = async (url: string, headers: Readonly<Record<string, string>>, body: string): Promise<SendResult> => {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    const refusal = staticRefusal(url, deps.policy);
    if (refusal !== undefined) return { outcome: { kind: "refused", message: `The URL ${refusal}` }, durationMs: 0, responseSnippet: null };
    try {
      const response = await request(url, { method: "POST", headers, body, dispatcher: agent, signal: AbortSignal.timeout(options.timeoutMs) });
      const snippet = await readCapped(response.body, options.maxResponseBytes).catch(() => "");
      const retryAfter = response.headers["retry-after"];
      return {
        outcome: { kind: "response", status: response.statusCode, retryAfter: typeof retryAfter === "string" ? retryAfter : null },
        durationMs: elapsed(),
        responseSnippet: snippet,
      };
    } catch (error) {
      return { outcome: outcomeOf(error, options.timeoutMs), durationMs: elapsed(), responseSnippet: null };
    }
  };
  return {
    send: (req) => fromSafePromise(attempt(req.url, req.headers, req.body)),
    close: () => agent.close().catch(() => undefined),
  };
}
