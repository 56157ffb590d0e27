import type { ResultAsync, ValidationError } from "@hexkit/core";
import type { AttemptOutcome } from "../domain/delivery-policy.js";

/**
 * The app's outbound edge. `checkUrl` refuses URLs that may not be delivered
 * to (scheme, or a host that resolves to a loopback, private, link-local or
 * metadata address) when an endpoint is created or changed. `send` checks
 * again at delivery time and connects only to the address it checked.
 */
export interface EgressGuard {
  checkUrl(url: string): ResultAsync<void, ValidationError>;
}

/** One signed POST. */
export interface OutboundRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** How one POST went; never an error: every failure is an outcome. */
export interface SendResult {
  readonly outcome: AttemptOutcome;
  readonly durationMs: number;
  /** The start of the response body as text, capped; `null` without a response. */
  readonly responseSnippet: string | null;
}

/** Sends webhooks. Redirects are never followed; a 3xx is a failed attempt. */
export interface WebhookSender {
  send(request: OutboundRequest): ResultAsync<SendResult, never>;
}
