import { type Socket, connect } from "node:net";
import { okAsync, ResultAsync } from "@hexkit/core";
import { createFakeClock } from "@hexkit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { type HttpApp, createHttpApp, defineRoute } from "../src/index.js";
import { recordingLogger } from "./fakes.js";
import { sampleRoutes } from "./sample-app.js";

/** Sends raw bytes and collects everything the server writes until it closes the socket. */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (data += chunk));
    socket.on("close", () => { resolve(data); });
    socket.on("error", reject);
  });
}

/** A route whose handler waits until the test releases it. */
function gate() {
  let release: () => void = () => undefined;
  let started: () => void = () => undefined;
  const running = new Promise<void>((resolve) => (started = resolve));
  const route = defineRoute({
    method: "GET",
    path: "/hold",
    auth: "none",
    responses: { 200: z.object({ done: z.boolean(), aborted: z.boolean() }) },
    handler: (_input, ctx) => {
      started();
      return ResultAsync.fromSafePromise(
        new Promise<{ done: boolean; aborted: boolean }>((resolve) => {
          release = () => { resolve({ done: true, aborted: false }); };
          ctx.signal.addEventListener("abort", () => { resolve({ done: false, aborted: true }); });
        }),
      );
    },
  });
  return { route, running, release: () => { release(); } };
}

let app: HttpApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe("over a real socket", () => {
  it("serves routes and problems on a loopback port", async () => {
    app = createHttpApp({ routes: sampleRoutes(), logger: recordingLogger() });
    const address = (await app.listen())._unsafeUnwrap();
    expect(address.host).toBe("127.0.0.1");
    const ok = await fetch(`${address.url}/items/abc`);
    expect([ok.status, await ok.json()]).toEqual([200, { id: "abc", name: "thing", tags: [] }]);
    const bad = await fetch(`${address.url}/items`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });

  it("answers bytes that are not HTTP with a 400 problem and closes the connection", async () => {
    app = createHttpApp({ routes: sampleRoutes(), logger: recordingLogger() });
    const { port } = (await app.listen())._unsafeUnwrap();
    const answer = await raw(port, "NOT HTTP AT ALL\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toContain("Content-Type: application/problem+json");
    expect(JSON.parse(answer.split("\r\n\r\n")[1]!)).toMatchObject({ type: "urn:hexkit:problem:malformed-request", status: 400 });
  });

  it("answers listen on a taken port with Unavailable", async () => {
    app = createHttpApp({ routes: [], logger: recordingLogger() });
    const { port } = (await app.listen())._unsafeUnwrap();
    const second = createHttpApp({ routes: [], logger: recordingLogger() });
    const result = await second.listen({ port });
    expect(result.isErr() && result.error._tag).toBe("Unavailable");
    await second.close();
  });
});

describe("graceful shutdown", () => {
  it("stops accepting, lets the in-flight request finish, and closes its connection", async () => {
    const held = gate();
    app = createHttpApp({ routes: [held.route], logger: recordingLogger() });
    const { url } = (await app.listen())._unsafeUnwrap();
    const inFlight = fetch(`${url}/hold`);
    await held.running;
    const closing = app.close();
    await expect(fetch(`${url}/hold`)).rejects.toThrow();
    held.release();
    const res = await inFlight;
    expect([res.status, await res.json()]).toEqual([200, { done: true, aborted: false }]);
    expect(res.headers.get("connection")).toBe("close");
    expect(await closing).toEqual({ drained: 1, abandoned: 0 });
  });

  it("answers a request that arrives on an open connection during shutdown with 503", async () => {
    const held = gate();
    const ping = defineRoute({ method: "GET", path: "/ping", auth: "none", responses: { 200: z.object({}) }, handler: () => okAsync({}) });
    app = createHttpApp({ routes: [held.route, ping], logger: recordingLogger() });
    const { port, url } = (await app.listen())._unsafeUnwrap();
    const inFlight = fetch(`${url}/hold`);
    await held.running;
    // A second connection that has begun a request is not idle, so closing keeps it open.
    const accepted = new Promise<Socket>((resolve) => app?.fastify.server.once("connection", resolve));
    const socket = connect(port, "127.0.0.1");
    const serverSide = await accepted;
    socket.write("GET /ping HTTP/1.1\r\nHost: x\r\n");
    while (serverSide.bytesRead === 0) await new Promise((resolve) => setImmediate(resolve));
    const closing = app.close();
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (answer += chunk));
    const ended = new Promise<void>((resolve) => socket.on("close", () => { resolve(); }));
    socket.write("\r\n");
    await ended;
    expect(answer).toMatch(/^HTTP\/1\.1 503 /);
    expect(answer.toLowerCase()).toContain("connection: close");
    expect(answer).toContain("urn:hexkit:problem:unavailable");
    held.release();
    await inFlight;
    expect(await closing).toEqual({ drained: 1, abandoned: 0 });
  });

  it("aborts what is still running at the shutdown deadline and closes its connection", async () => {
    const clock = createFakeClock();
    const held = gate();
    app = createHttpApp({ routes: [held.route], logger: recordingLogger(), clock, options: { shutdownDeadlineMs: 1_000 } });
    const { url } = (await app.listen())._unsafeUnwrap();
    const inFlight = fetch(`${url}/hold`).then(
      (r) => r.status,
      () => "connection closed",
    );
    await held.running;
    const closing = app.close();
    await clock.advance(1_000);
    expect(await closing).toEqual({ drained: 0, abandoned: 1 });
    expect(await inFlight).toBe("connection closed");
  });

  it("returns the same report when called twice", async () => {
    app = createHttpApp({ routes: [], logger: recordingLogger() });
    await app.listen();
    const first = app.close();
    expect(app.close()).toBe(first);
    expect(await first).toEqual({ drained: 0, abandoned: 0 });
  });
});
