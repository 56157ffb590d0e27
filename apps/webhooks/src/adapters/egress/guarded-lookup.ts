import type { LookupAddress, LookupOptions } from "node:dns";
import type { AddressPolicy } from "./address-policy.js";
import { refusedAmong, type Resolve } from "./egress-guard.js";

/** The error a refused lookup fails the connection with; the sender maps it to a `refused` outcome. */
export class EgressRefusedError extends Error {
  /** Always `EGRESS_REFUSED`. */
  readonly code = "EGRESS_REFUSED";
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `net.connect` that resolves the host ONCE, refuses the
 * connection if any address is in a denied range (so DNS rebinding between a
 * check and the connect is impossible: the checked address is the one
 * connected to), and answers only addresses it checked: all of them when the
 * caller asks for all (happy eyeballs), else the first.
 */
export function createGuardedLookup(policy: AddressPolicy, resolve: Resolve) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => {
        const first = addresses[0];
        const reason = policy.hostAllowed(hostname) ? undefined : refusedAmong(addresses, policy);
        if (reason !== undefined || first === undefined) {
          callback(new EgressRefusedError(reason ?? `${hostname} has no address`), "");
          return;
        }
        // Every address was checked, so all may be offered (happy eyeballs picks one); none is looked up again.
        if (options.all === true) callback(null, addresses.map((a) => ({ address: a.address, family: a.family })));
        else callback(null, first.address, first.family);
      },
      (error: unknown) => {
        callback(error instanceof Error ? (error) : new Error(String(error)), "");
      },
    );
  };
}
