/**
 * A tenant's webhook endpoint: where messages go, which event types it wants,
 * and the secrets its deliveries are signed with. Plain data plus pure
 * transitions; repositories store it as it is.
 */

/** A secret kept after a rotation so receivers can switch without downtime. */
export interface PreviousSecret {
  readonly secret: string;
  /** Epoch ms after which deliveries stop carrying this secret's signature. */
  readonly expiresAt: number;
}

/** Why an endpoint stopped receiving: by hand, answered 410 Gone, or failed too long. */
export type DisabledReason = "manual" | "gone" | "failing";

export interface Endpoint {
  readonly id: string;
  readonly tenantId: string;
  readonly url: string;
  readonly description: string;
  /** Event types delivered to this endpoint; `null` means every type. */
  readonly eventTypes: readonly string[] | null;
  /** The current `whsec_` secret. */
  readonly secret: string;
  readonly previousSecrets: readonly PreviousSecret[];
  readonly disabled: boolean;
  readonly disabledReason: DisabledReason | null;
  /** Deliveries per second allowed to this endpoint; `null` for no limit. */
  readonly rateLimitPerSecond: number | null;
  readonly metadata: Readonly<Record<string, string>>;
  /** Epoch ms of the first failure since the last success; `null` while healthy. */
  readonly failingSince: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** True when a message of `eventType` goes to `endpoint` (ignoring whether it is enabled). */
export function subscribes(endpoint: Endpoint, eventType: string): boolean {
  return endpoint.eventTypes === null || endpoint.eventTypes.includes(eventType);
}

/** The secrets to sign with at `now`: the current one, then unexpired previous ones. */
export function signingSecrets(endpoint: Endpoint, now: number): readonly string[] {
  return [endpoint.secret, ...endpoint.previousSecrets.filter((p) => p.expiresAt > now).map((p) => p.secret)];
}

/**
 * Makes `next` the current secret; the old one keeps signing for `graceMs`
 * (0 drops it at once). Expired previous secrets are pruned.
 */
export function rotateSecret(endpoint: Endpoint, next: string, now: number, graceMs: number): Endpoint {
  const kept = endpoint.previousSecrets.filter((p) => p.expiresAt > now);
  const previousSecrets = graceMs > 0 ? [{ secret: endpoint.secret, expiresAt: now + graceMs }, ...kept] : kept;
  return { ...endpoint, secret: next, previousSecrets, updatedAt: now };
}

/** The endpoint after a successful delivery: no longer failing. */
export function recordSuccess(endpoint: Endpoint): Endpoint {
  return endpoint.failingSince === null ? endpoint : { ...endpoint, failingSince: null };
}

/** The endpoint after a failed delivery: failing since the first failure after the last success. */
export function recordFailure(endpoint: Endpoint, now: number): Endpoint {
  return endpoint.failingSince === null ? { ...endpoint, failingSince: now } : endpoint;
}

/** The endpoint disabled for `reason` at `now`. */
export function disable(endpoint: Endpoint, reason: DisabledReason, now: number): Endpoint {
  return { ...endpoint, disabled: true, disabledReason: reason, updatedAt: now };
}

/** The endpoint enabled again, with its failure history cleared so it gets a fresh period. */
export function enable(endpoint: Endpoint, now: number): Endpoint {
  return { ...endpoint, disabled: false, disabledReason: null, failingSince: null, updatedAt: now };
}

/** What an API client sees: everything but secrets. */
export type EndpointView = Omit<Endpoint, "secret" | "previousSecrets">;

/** Drops the secrets from an endpoint for responses and logs. */
export function endpointView(endpoint: Endpoint): EndpointView {
  const { secret: _secret, previousSecrets: _previous, ...view } = endpoint;
  return view;
}
