import { type ChildProcess, spawn } from "node:child_process";
import { createServer, createConnection } from "node:net";
import { waitUntil } from "./wait-until.js";

/**
 * A TCP port on 127.0.0.1 that nobody listened on when asked (chosen by the
 * OS). Another process may take it before the caller does; good enough for
 * tests, which also use it as "an address where nothing answers".
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}

/** Options of `startRedisServer`. */
export interface RedisServerOptions {
  /** Port on 127.0.0.1; default a free one (see `freePort`). */
  readonly port?: number;
  /** More redis-server arguments, e.g. `["--enable-debug-command", "yes"]` for DEBUG SLEEP. */
  readonly args?: readonly string[];
  /** How long `startRedisServer` and `restart` wait for the server to answer, in ms. Default 10 000. */
  readonly startTimeoutMs?: number;
}

/**
 * A throwaway redis-server of one test's own. Nothing goes to disk
 * (`--save "" --appendonly no`), so a restart loses every key.
 */
export interface TestRedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** True while the process runs. */
  running(): boolean;
  /** SIGKILLs the server (a crash: no goodbye to clients) and resolves once it has exited. No-op when not running. */
  kill(): Promise<void>;
  /** Starts the server again on the same port (killing it first if it runs) and resolves once it answers. */
  restart(): Promise<void>;
  /** Shuts the server down (SIGTERM, SIGKILL after 5 s) and resolves once it has exited. Idempotent; for cleanup. */
  stop(): Promise<void>;
}

/**
 * The PID of the redis server answering on `port` (from `INFO server`), or
 * undefined when none answers within 1 s or it is still loading. Asking for
 * the PID, not just PING, tells our process from another one on that port.
 * No client library needed: one inline command, one RESP bulk reply.
 */
function serverPid(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    let reply = "";
    const done = (pid: number | undefined): void => {
      socket.destroy();
      resolve(pid);
    };
    socket.setTimeout(1_000, () => { done(undefined); });
    socket.once("error", () => { done(undefined); });
    socket.once("connect", () => socket.write("INFO server\r\n"));
    socket.on("data", (chunk: Buffer) => {
      reply += chunk.toString("latin1");
      const headerEnd = reply.indexOf("\r\n");
      if (headerEnd < 0) return;
      // "-LOADING …" (or any error) means not ready yet.
      if (!reply.startsWith("$")) {
        done(undefined);
        return;
      }
      if (reply.length < headerEnd + 2 + Number(reply.slice(1, headerEnd))) return;
      const pid = /process_id:(\d+)/.exec(reply)?.[1];
      done(pid === undefined ? undefined : Number(pid));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => { resolve(); }));
}

/**
 * Spawns `redis-server` (from PATH) on 127.0.0.1 and resolves once that very
 * process answers (its PID, so a server already on the port does not count);
 * rejects if it does not within `startTimeoutMs`. The caller stops it
 * (`stop()` or `kill()`), by PID, never by name.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<TestRedisServer> {
  const port = options.port ?? (await freePort());
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...(options.args ?? [])];
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  let child: ChildProcess | undefined;

  const running = (): boolean => child !== undefined && child.exitCode === null && child.signalCode === null;
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const current = child;
    child = undefined;
    if (current === undefined) return;
    const gone = exited(current);
    current.kill(signal);
    if (signal === "SIGKILL") return gone;
    const forced = setTimeout(() => current.kill("SIGKILL"), 5_000);
    await gone;
    clearTimeout(forced);
  };
  const start = async (): Promise<void> => {
    const spawned = spawn("redis-server", args, { stdio: "ignore" });
    child = spawned;
    let failure: Error | undefined;
    spawned.once("error", (error) => (failure = error));
    try {
      await waitUntil(
        () => {
          if (failure !== undefined) throw failure;
          if (spawned.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${spawned.exitCode}`);
          return serverPid(port).then((pid) => pid === spawned.pid);
        },
        { timeoutMs: startTimeoutMs, everyMs: 25, what: `redis-server on port ${port}` },
      );
    } catch (error) {
      await end("SIGKILL");
      throw error;
    }
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    running,
    kill: () => end("SIGKILL"),
    restart: async () => {
      await end("SIGKILL");
      await start();
    },
    stop: () => end("SIGTERM"),
  };
}
