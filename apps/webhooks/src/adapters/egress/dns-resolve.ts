import { lookup } from "node:dns/promises";
import type { Resolve } from "./egress-guard.js";

/** Resolves with the system resolver (getaddrinfo: /etc/hosts, then DNS), every address, in the system's order. */
export const dnsResolve: Resolve = (host) => lookup(host, { all: true, verbatim: true });
