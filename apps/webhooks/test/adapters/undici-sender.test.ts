import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAddressPolicy } from "../../src/adapters/egress/address-policy.js";
import type { Resolve } from "../../src/adapters/egress/egress-guard.js";
import { createUndiciSender } from "../../src/adapters/egress/undici-sender.js";

let server: Server;
let port = 0;
let hits = 0;
const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  "/ok": (_req, res) => res.writeHead(204).end(),
  "/redirect": (_req, res) => res.writeHead(302, { location: "/ok" }).end(),
  "/busy": (_req, res) => res.writeHead(503, { "retry-after": "30" }).end("busy"),
  "/big": (_req, res) => res.writeHead(500).end("x".repeat(100_000)),
  "/hang": () => undefined,
  "/stall-body": (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.write("partial");
  },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    hits += 1;
    req.resume();
    (routes[req.url ?? ""] ?? routes["/ok"]!)(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const dns = (table: Record<string, string[]>): Resolve & { calls: number } => {
  const fn = Object.assign(
    (host: string) => {
      fn.calls += 1;
      return Promise.resolve((table[host] ?? []).map((address) => ({ address, family: 4 })));
    },
    { calls: 0 },
  );
  return fn;
};
const options = { connectTimeoutMs: 1_000, timeoutMs: 300, maxResponseBytes: 1_024 };
const request = (path: string, host = "127.0.0.1") => ({ url: `http://${host}:${port}${path}`, headers: { "content-type": "application/json" }, body: "{}" });

describe("Undici webhook sender", () => {
  const loopbackAllowed = createAddressPolicy(["127.0.0.0/8"]);

  it("posts and answers the response status", async () => {
    const sender = createUndiciSender(options, { policy: loopbackAllowed, resolve: dns({}) });
    const sent = (await sender.send(request("/ok")))._unsafeUnwrap();
    expect(sent.outcome).toEqual({ kind: "response", status: 204, retryAfter: null });
    await sender.close();
  });

  it("does not follow redirects", async () => {
    const sender = createUndiciSender(options, { policy: loopbackAllowed, resolve: dns({}) });
    const before = hits;
    expect((await sender.send(request("/redirect")))._unsafeUnwrap().outcome).toEqual({ kind: "response", status: 302, retryAfter: null });
    expect(hits - before).toBe(1);
    await sender.close();
  });

  it("passes Retry-After on and keeps a capped snippet of the body", async () => {
    const sender = createUndiciSender(options, { policy: loopbackAllowed, resolve: dns({}) });
    expect((await sender.send(request("/busy")))._unsafeUnwrap()).toMatchObject({ outcome: { kind: "response", status: 503, retryAfter: "30" }, responseSnippet: "busy" });
    expect((await sender.send(request("/big")))._unsafeUnwrap().responseSnippet).toBe("x".repeat(1_024));
    await sender.close();
  });

  it("answers a timeout when the receiver does not answer in time", async () => {
    const sender = createUndiciSender(options, { policy: loopbackAllowed, resolve: dns({}) });
    expect((await sender.send(request("/hang")))._unsafeUnwrap().outcome).toEqual({ kind: "timeout", message: "no complete answer within 300 ms" });
    await sender.close();
  });

  it("refuses a loopback literal without an allowlist, sending nothing", async () => {
    const sender = createUndiciSender(options, { policy: createAddressPolicy([]), resolve: dns({}) });
    const before = hits;
    expect((await sender.send(request("/ok")))._unsafeUnwrap().outcome).toEqual({ kind: "refused", message: "The URL points at a loopback address (127.0.0.1)" });
    expect(hits).toBe(before);
    await sender.close();
  });

  it("refuses at connect time a name that now resolves to a private address (DNS rebinding)", async () => {
    const sender = createUndiciSender(options, { policy: createAddressPolicy([]), resolve: dns({ "rebound.test": ["127.0.0.1"] }) });
    const before = hits;
    expect((await sender.send(request("/ok", "rebound.test")))._unsafeUnwrap().outcome).toEqual({ kind: "refused", message: "resolves to a loopback address (127.0.0.1)" });
    expect(hits).toBe(before);
    await sender.close();
  });

  it("connects to the address its own lookup checked (resolved once, pinned)", async () => {
    const resolve = dns({ "hooks.test": ["127.0.0.1"] });
    const sender = createUndiciSender(options, { policy: loopbackAllowed, resolve });
    expect((await sender.send(request("/ok", "hooks.test")))._unsafeUnwrap().outcome).toEqual({ kind: "response", status: 204, retryAfter: null });
    expect(resolve.calls).toBe(1);
    await sender.close();
  });

  it("keeps checked connections alive: a lookup per connection, not per attempt", async () => {
    const resolve = dns({ "hooks.test": ["127.0.0.1"] });
    const sender = createUndiciSender(options, { policy: loopbackAllowed, resolve });
    const outcomes = [];
    for (let i = 0; i < 10; i++) outcomes.push((await sender.send(request("/ok", "hooks.test")))._unsafeUnwrap().outcome);
    expect(outcomes).toEqual(Array.from({ length: 10 }, () => ({ kind: "response", status: 204, retryAfter: null })));
    // undici (like a raw undici Agent) opens a second socket for the second request, then reuses both.
    expect(resolve.calls).toBeLessThanOrEqual(2);
    await sender.close();
  });

  it("answers a timeout when the body stalls after the headers, keeping no snippet", async () => {
    const sender = createUndiciSender({ ...options, maxResponseBytes: 1_000_000 }, { policy: loopbackAllowed, resolve: dns({}) });
    const sent = (await sender.send(request("/stall-body")))._unsafeUnwrap();
    expect(sent).toMatchObject({ outcome: { kind: "response", status: 200, retryAfter: null }, responseSnippet: "" });
    await sender.close();
  });

  it("refuses the same URL on every attempt (a remembered verdict stays a refusal)", async () => {
    const sender = createUndiciSender(options, { policy: createAddressPolicy([]), resolve: dns({}) });
    const before = hits;
    const refused = { kind: "refused", message: "The URL points at a loopback address (127.0.0.1)" };
    expect((await sender.send(request("/ok")))._unsafeUnwrap().outcome).toEqual(refused);
    expect((await sender.send(request("/ok")))._unsafeUnwrap().outcome).toEqual(refused);
    expect(hits).toBe(before);
    await sender.close();
  });
});
