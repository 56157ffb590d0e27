import { err, invalid, ok } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { createAddressPolicy } from "../../src/adapters/egress/address-policy.js";
import { createEgressGuard, type Resolve } from "../../src/adapters/egress/egress-guard.js";

const fakeDns = (table: Record<string, string[]>): Resolve => (host) => {
  const found = table[host];
  return found ? Promise.resolve(found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }))) : Promise.reject(new Error("ENOTFOUND"));
};

describe("Egress address policy", () => {
  const policy = createAddressPolicy([]);

  it.each([
    ["127.0.0.1", "a loopback address"],
    ["10.1.2.3", "a private address"],
    ["172.20.0.1", "a private address"],
    ["192.168.1.1", "a private address"],
    ["169.254.169.254", "a link-local (cloud metadata) address"],
    ["100.100.100.200", "a carrier-grade NAT address"],
    ["0.0.0.0", "a 'this network' address"],
    ["::1", "a loopback address"],
    ["fd00:ec2::254", "a private (unique local) address"],
    ["fe80::1", "a link-local address"],
    ["::ffff:127.0.0.1", "a loopback address"],
    ["::ffff:a9fe:a9fe", "a link-local (cloud metadata) address"],
    ["64:ff9b::a9fe:a9fe", "a NAT64 address"],
    ["2002:a9fe:a9fe::", "a 6to4 address"],
  ])("refuses %s as %s", (address, reason) => {
    expect(policy.refusal(address)).toBe(reason);
  });

  it.each(["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "1.1.1.1"])("allows the public address %s", (address) => {
    expect(policy.refusal(address)).toBeUndefined();
  });

  it("opens exactly the allowlisted ranges", () => {
    const dev = createAddressPolicy(["127.0.0.0/8", "::1/128"]);
    expect(dev.refusal("127.0.0.1")).toBeUndefined();
    expect(dev.refusal("::1")).toBeUndefined();
    expect(dev.refusal("::ffff:127.0.0.1")).toBeUndefined();
    expect(dev.refusal("10.0.0.1")).toBe("a private address");
    expect(dev.refusal("169.254.169.254")).toBe("a link-local (cloud metadata) address");
  });
});

describe("Egress guard at endpoint creation", () => {
  const dns = fakeDns({ localhost: ["127.0.0.1", "::1"], "public.test": ["93.184.216.34"], "rebind.test": ["93.184.216.34", "10.0.0.7"], "meta.test": ["169.254.169.254"] });
  const guard = createEgressGuard(createAddressPolicy([]), dns);
  const refused = (message: string) => err(invalid(["url"], `The URL ${message}`, "egress_refused"));

  it("accepts an http(s) URL whose host resolves to public addresses", async () => {
    expect(await guard.checkUrl("https://public.test/hooks")).toEqual(ok(undefined));
  });

  it("refuses schemes other than http and https", async () => {
    expect(await guard.checkUrl("ftp://public.test/x")).toEqual(refused("uses ftp; only http and https are allowed"));
    expect(await guard.checkUrl("file:///etc/passwd")).toEqual(refused("uses file; only http and https are allowed"));
  });

  it("refuses metadata and loopback literals, in IPv4 and IPv6 forms", async () => {
    expect(await guard.checkUrl("http://169.254.169.254/latest/meta-data")).toEqual(refused("points at a link-local (cloud metadata) address (169.254.169.254)"));
    expect(await guard.checkUrl("http://[fd00:ec2::254]/")).toEqual(refused("points at a private (unique local) address (fd00:ec2::254)"));
    expect(await guard.checkUrl("http://[::ffff:127.0.0.1]:8080/")).toEqual(refused("points at a loopback address (::ffff:7f00:1)"));
    expect(await guard.checkUrl("http://localhost:8080/")).toEqual(refused("resolves to a loopback address (127.0.0.1)"));
    expect(await guard.checkUrl("http://metadata.google.internal/computeMetadata/v1/")).toEqual(refused("names a local or metadata host (metadata.google.internal)"));
  });

  it("refuses a host when any of its addresses is private", async () => {
    expect(await guard.checkUrl("https://rebind.test/")).toEqual(refused("resolves to a private address (10.0.0.7)"));
    expect(await guard.checkUrl("https://meta.test/")).toEqual(refused("resolves to a link-local (cloud metadata) address (169.254.169.254)"));
  });

  it("lets an allowlist open loopback for local development", async () => {
    const dev = createEgressGuard(createAddressPolicy(["127.0.0.0/8", "::1/128"]), dns);
    expect(await dev.checkUrl("http://127.0.0.1:9000/hook")).toEqual(ok(undefined));
    expect(await dev.checkUrl("http://localhost:9000/hook")).toEqual(ok(undefined));
    expect(await dev.checkUrl("http://169.254.169.254/")).toEqual(refused("points at a link-local (cloud metadata) address (169.254.169.254)"));
  });
});
