import { createConnection } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, startRedisServer, type TestRedisServer, waitUntil } from "@hexkit/testing";

/** Sends one inline command and answers the first reply line, or the socket error's code. */
function send(port: number, command: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    let reply = "";
    socket.once("error", (error: NodeJS.ErrnoException) => {
      resolve(error.code ?? "error");
    });
    socket.once("connect", () => socket.write(`${command}\r\n`));
    socket.on("data", (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) {
        socket.destroy();
        resolve(reply.slice(0, reply.indexOf("\r\n")));
      }
    });
  });
}

describe("startRedisServer", () => {
  const started: TestRedisServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.stop()));
  });
  const start = async (...args: Parameters<typeof startRedisServer>): Promise<TestRedisServer> => {
    const server = await startRedisServer(...args);
    started.push(server);
    return server;
  };

  it("answers once the server answers PING, at its url", async () => {
    const server = await start();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(server.running()).toBe(true);
    expect(await send(server.port, "PING")).toBe("+PONG");
  });

  it("listens on the port it is given and passes extra arguments", async () => {
    const port = await freePort();
    const server = await start({ port, args: ["--enable-debug-command", "yes"] });
    expect(server.port).toBe(port);
    expect(await send(port, "CONFIG GET appendonly")).toBe("*2");
    expect(await send(port, "DEBUG SLEEP 0")).toBe("+OK");
  });

  it("refuses connections after kill and loses every key on restart", async () => {
    const server = await start();
    expect(await send(server.port, "SET k v")).toBe("+OK");
    await server.kill();
    expect(server.running()).toBe(false);
    expect(await send(server.port, "PING")).toBe("ECONNREFUSED");
    await server.restart();
    expect(server.running()).toBe(true);
    expect(await send(server.port, "GET k")).toBe("$-1");
  });

  it("stops idempotently", async () => {
    const server = await start();
    await server.stop();
    await server.stop();
    expect(server.running()).toBe(false);
    expect(await send(server.port, "PING")).toBe("ECONNREFUSED");
  });

  it("rejects when the server cannot start", async () => {
    const blocker = await start();
    await expect(startRedisServer({ port: blocker.port, startTimeoutMs: 2_000 })).rejects.toThrow(/redis-server on port/);
  });
});

describe("waitUntil", () => {
  it("resolves once the condition holds", async () => {
    let checks = 0;
    await waitUntil(() => ++checks === 3, { everyMs: 1 });
    expect(checks).toBe(3);
  });

  it("fails after the timeout, naming what it waited for", async () => {
    await expect(waitUntil(() => false, { timeoutMs: 30, everyMs: 5, what: "godot" })).rejects.toThrow("Timed out after 30 ms waiting for godot");
  });
});
