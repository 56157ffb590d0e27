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

/** The response body as undici hands it over: a Node stream of Buffers. */
interface ResponseBody {
  on(event: "data", listener: (chunk: Buffer) => void): unknown;
  on(event: "end" | "close" | "error", listener: () => void): unknown;
  destroy(): void;
}

/**
 * Reads at most `cap` bytes of a body, then drops the stream; "" when the
 * stream fails. Plain stream events rather than `for await`: an async
 * iterator costs a generator and a promise per chunk, on every attempt, for
 * bodies that are usually empty.
 */
function readCapped(body: ResponseBody, cap: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (text: string | undefined): void => {
      if (settled) return;
      settled = true;
      resolve(text ?? Buffer.concat(chunks, size).subarray(0, cap).toString("utf8"));
    };
    body.on("data", (chunk) => {
      if (settled) return;
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size >= cap) {
        settle(undefined);
        body.destroy();
      }
    });
    body.on("end", () => {
      settle(undefined);
    });
    body.on("error", () => {
      settle("");
    });
    // A stream destroyed without an error (an abort) ends with what arrived.
    body.on("close", () => {
      settle(undefined);
    });
  });
}

/** Refusals of the static check by URL: the policy never changes, so a URL's verdict never does. */
const maxRememberedUrls = 10_000;

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
  // Endpoint URLs repeat on every attempt; parsing and range-checking them each time cost as much as the POST's own bookkeeping.
  const refusals = new Map<string, string | undefined>();
  const refusalOf = (url: string): string | undefined => {
    if (refusals.has(url)) return refusals.get(url);
    const refusal = staticRefusal(url, deps.policy);
    if (refusals.size >= maxRememberedUrls) refusals.clear();
    refusals.set(url, refusal);
    return refusal;
  };
  const attempt = async (url: string, headers: Readonly<Record<string, string>>, body: string): Promise<SendResult> => {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    const refusal = refusalOf(url);
    if (refusal !== undefined) return { outcome: { kind: "refused", message: `The URL ${refusal}` }, durationMs: 0, responseSnippet: null };
    // One deadline for the whole attempt, body included. A plain timer cleared on the way out, not
    // AbortSignal.timeout(), which costs ~20 µs per call on Node 20 (a weak reference and a
    // finalizer per signal) and keeps the signal alive for the GC until it fires.
    const controller = new AbortController();
    const timer = setTimeout(() => {
      controller.abort(new DOMException(`no complete answer within ${options.timeoutMs} ms`, "TimeoutError"));
    }, options.timeoutMs);
    timer.unref();
    try {
      const response = await request(url, { method: "POST", headers, body, dispatcher: agent, signal: controller.signal });
      const snippet = await readCapped(response.body, options.maxResponseBytes);
      const retryAfter = response.headers["retry-after"];
      return {
        outcome: { kind: "response", status: response.statusCode, retryAfter: typeof retryAfter === "string" ? retryAfter : null },
        durationMs: elapsed(),
        responseSnippet: snippet,
      };
    } catch (error) {
      return { outcome: outcomeOf(error, options.timeoutMs), durationMs: elapsed(), responseSnippet: null };
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    send: (req) => fromSafePromise(attempt(req.url, req.headers, req.body)),
    close: () => agent.close().catch(() => undefined),
  };
}
