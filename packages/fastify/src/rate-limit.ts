import type { RateLimitDecision, RateLimitPolicy } from "@hexkit/core";

/**
 * Rate-limit headers as in the IETF draft "RateLimit header fields for HTTP"
 * (draft-ietf-httpapi-ratelimit-headers, structured-field form):
 * `RateLimit-Policy: "default";q=100;w=60` (quota per window of w seconds)
 * and `RateLimit: "default";r=42;t=17` (r remaining, t seconds to reset).
 */
export function rateLimitPolicyHeader(name: string, policy: RateLimitPolicy): string {
  return `"${name}";q=${policy.points};w=${Math.max(1, Math.ceil(policy.durationMs / 1000))}`;
}

/** The `RateLimit` field for one decision. */
export function rateLimitHeader(name: string, decision: RateLimitDecision): string {
  return `"${name}";r=${decision.remaining};t=${Math.ceil(decision.resetMs / 1000)}`;
}

/** What the limiter is keyed on: the caller's identity, or its address. */
export function rateLimitKey(mode: "principal" | "ip", subject: string | undefined, tenantId: string | undefined, ip: string): string {
  if (mode === "principal" && subject !== undefined) return `http:p:${tenantId ?? ""}:${subject}`;
  return `http:ip:${ip}`;
}
