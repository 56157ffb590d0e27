import { BlockList, isIP } from "node:net";

/**
 * Which addresses webhooks may go to. Denied: every range that reaches the
 * sender's own machine or network rather than the internet: loopback,
 * private (RFC 1918, ULA), carrier-grade NAT, link-local (which holds the
 * cloud metadata services, 169.254.169.254 and fd00:ec2::254), multicast,
 * reserved and documentation ranges, and the IPv6 forms that embed IPv4
 * (IPv4-mapped addresses are checked as the IPv4 they carry; NAT64, 6to4
 * and Teredo are refused whole). An allowlist of CIDRs, addresses and
 * host names opens exceptions (loopback for tests and local development).
 */
export interface AddressPolicy {
  /** Why `address` may not be reached, or `undefined` when it may. */
  refusal(address: string): string | undefined;
  /** True when the host name itself is allowlisted (its addresses are then not checked). */
  hostAllowed(host: string): boolean;
}

const deniedV4: readonly (readonly [string, number, string])[] = [
  ["0.0.0.0", 8, "a 'this network' address"],
  ["10.0.0.0", 8, "a private address"],
  ["100.64.0.0", 10, "a carrier-grade NAT address"],
  ["127.0.0.0", 8, "a loopback address"],
  ["169.254.0.0", 16, "a link-local (cloud metadata) address"],
  ["172.16.0.0", 12, "a private address"],
  ["192.0.0.0", 24, "a reserved address"],
  ["192.0.2.0", 24, "a documentation address"],
  ["192.168.0.0", 16, "a private address"],
  ["198.18.0.0", 15, "a benchmarking address"],
  ["198.51.100.0", 24, "a documentation address"],
  ["203.0.113.0", 24, "a documentation address"],
  ["224.0.0.0", 4, "a multicast address"],
  ["240.0.0.0", 4, "a reserved address"],
];
const deniedV6: readonly (readonly [string, number, string])[] = [
  ["::", 128, "the unspecified address"],
  ["::1", 128, "a loopback address"],
  ["64:ff9b::", 96, "a NAT64 address"],
  ["64:ff9b:1::", 48, "a NAT64 address"],
  ["100::", 64, "a discard address"],
  ["2001::", 32, "a Teredo address"],
  ["2001:db8::", 32, "a documentation address"],
  ["2002::", 16, "a 6to4 address"],
  ["fc00::", 7, "a private (unique local) address"],
  ["fe80::", 10, "a link-local address"],
  ["fec0::", 10, "a site-local address"],
  ["ff00::", 8, "a multicast address"],
];

/**
 * Host names refused before any lookup: cloud metadata services and internal
 * zones, in case a resolver answers them oddly. (`localhost` needs no entry:
 * it resolves to loopback, which the address check refuses unless allowlisted.)
 */
const deniedNames = [/^metadata(\.google\.internal)?\.?$/i, /\.internal\.?$/i];

/** A family for BlockList, reading IPv4-mapped IPv6 (`::ffff:127.0.0.1`) as the IPv4 it is. */
function normalise(address: string): { address: string; family: "ipv4" | "ipv6" } | undefined {
  const kind = isIP(address);
  if (kind === 4) return { address, family: "ipv4" };
  if (kind !== 6) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], family: "ipv4" };
  return { address, family: "ipv6" };
}

/** Builds a policy with `allow` entries: CIDRs (`127.0.0.0/8`, `::1/128`), addresses, or host names. */
export function createAddressPolicy(allow: readonly string[]): AddressPolicy {
  const reasons: { list: BlockList; reason: string }[] = [];
  for (const [net, prefix, reason] of deniedV4) {
    const list = new BlockList();
    list.addSubnet(net, prefix, "ipv4");
    reasons.push({ list, reason });
  }
  for (const [net, prefix, reason] of deniedV6) {
    const list = new BlockList();
    list.addSubnet(net, prefix, "ipv6");
    reasons.push({ list, reason });
  }
  const allowed = new BlockList();
  const allowedHosts = new Set<string>();
  for (const entry of allow) {
    const [net, bits] = entry.split("/");
    const target = net === undefined ? undefined : normalise(net);
    if (target && bits !== undefined) allowed.addSubnet(target.address, Number(bits), target.family);
    else if (target) allowed.addAddress(target.address, target.family);
    else allowedHosts.add(entry.toLowerCase());
  }
  return {
    refusal(address) {
      const target = normalise(address);
      if (!target) return "not an IP address";
      if (allowed.check(target.address, target.family)) return undefined;
      const hit = reasons.find((r) => r.list.check(target.address, target.family));
      return hit?.reason;
    },
    hostAllowed(host) {
      return allowedHosts.has(host.toLowerCase());
    },
  };
}

/** True when `host` is a name refused outright (metadata services, internal zones). */
export function isDeniedName(host: string): boolean {
  return deniedNames.some((re) => re.test(host));
}
