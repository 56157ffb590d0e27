import { isIP } from "node:net";
import { errAsync, fromSafePromise, invalid, okAsync, type ResultAsync, type ValidationError } from "@hexkit/core";
import type { EgressGuard } from "../egress.port.js";
import { type AddressPolicy, isDeniedName } from "./address-policy.js";

/** Resolves a host name to every address it has; rejects when it has none. */
export type Resolve = (host: string) => Promise<readonly { readonly address: string; readonly family: number }[]>;

/** A URL's host as a bare name or address (IPv6 brackets removed). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * The checks that need no lookup: scheme, a parseable URL, a refused name,
 * and an IP literal in a refused range. `undefined` when the URL passes.
 */
export function staticRefusal(raw: string, policy: AddressPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a valid URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `uses ${url.protocol.replace(/:$/, "")}; only http and https are allowed`;
  const host = hostOf(url);
  if (policy.hostAllowed(host)) return undefined;
  if (isIP(host) !== 0) {
    const reason = policy.refusal(host);
    return reason === undefined ? undefined : `points at ${reason} (${host})`;
  }
  if (isDeniedName(host)) return `names a local or metadata host (${host})`;
  return undefined;
}

/** The first refused address among `addresses`, with its reason. */
export function refusedAmong(addresses: readonly { readonly address: string }[], policy: AddressPolicy): string | undefined {
  for (const { address } of addresses) {
    const reason = policy.refusal(address);
    if (reason !== undefined) return `resolves to ${reason} (${address})`;
  }
  return undefined;
}

/**
 * The egress guard for endpoint URLs at creation and update. A host that
 * does not resolve now is accepted: it cannot reach anything now, and every
 * delivery checks it again (see the undici sender), where it is pinned.
 */
export function createEgressGuard(policy: AddressPolicy, resolve: Resolve): EgressGuard {
  const refuse = (reason: string): ValidationError => invalid(["url"], `The URL ${reason}`, "egress_refused");
  return {
    checkUrl(raw): ResultAsync<void, ValidationError> {
      const early = staticRefusal(raw, policy);
      if (early !== undefined) return errAsync(refuse(early));
      const host = hostOf(new URL(raw));
      if (isIP(host) !== 0 || policy.hostAllowed(host)) return okAsync(undefined);
      return fromSafePromise(resolve(host).then((a) => a, () => [])).andThen((addresses) => {
        const reason = refusedAmong(addresses, policy);
        return reason === undefined ? okAsync(undefined) : errAsync(refuse(reason));
      });
    },
  };
}
