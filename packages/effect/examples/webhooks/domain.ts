/**
 * The example's domain: tenants register webhook endpoints and send messages;
 * each message fans out to the endpoints subscribed to its event type. Plain
 * data and pure checks: no Effect, no ports.
 */
import type { ValidationIssue } from "@hexkit/core";

export interface Endpoint {
  readonly id: string;
  readonly tenantId: string;
  readonly url: string;
  /** Event types delivered to this endpoint. */
  readonly eventTypes: readonly string[];
  /** `whsec_` + base64 key: deliveries are signed with it (Standard Webhooks). */
  readonly secret: string;
  readonly createdAt: number;
}

export interface Message {
  readonly id: string;
  readonly tenantId: string;
  readonly eventType: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
}

export interface EndpointInput {
  readonly url: string;
  readonly eventTypes: readonly string[];
}

export interface MessageInput {
  readonly eventType: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Largest accepted payload, in bytes of its JSON. */
export const maxPayloadBytes = 64 * 1024;

const eventTypePattern = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** Every problem with an endpoint's input (empty when valid). */
export function endpointIssues(input: EndpointInput): readonly ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  let url: URL | undefined;
  try {
    url = new URL(input.url);
  } catch {
    issues.push({ path: ["url"], message: "Expected an absolute URL", code: "invalid_url" });
  }
  if (url !== undefined && url.protocol !== "https:") {
    issues.push({ path: ["url"], message: "Expected an https URL", code: "invalid_url" });
  }
  if (input.eventTypes.length === 0) {
    issues.push({ path: ["eventTypes"], message: "Subscribe to at least one event type", code: "too_small" });
  }
  input.eventTypes.forEach((type, i) => {
    if (!eventTypePattern.test(type)) {
      issues.push({ path: ["eventTypes", i], message: "Expected a dotted event type like invoice.paid", code: "invalid_format" });
    }
  });
  return issues;
}

/** Every problem with a message's event type (empty when valid); the size is checked apart. */
export function messageIssues(input: MessageInput): readonly ValidationIssue[] {
  return eventTypePattern.test(input.eventType)
    ? []
    : [{ path: ["eventType"], message: "Expected a dotted event type like invoice.paid", code: "invalid_format" }];
}

/** True when `endpoint` wants messages of `eventType`. */
export const subscribes = (endpoint: Endpoint, eventType: string): boolean => endpoint.eventTypes.includes(eventType);
