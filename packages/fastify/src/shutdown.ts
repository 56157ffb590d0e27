import { timeout } from "@hexkit/core";
import type { FastifyInstance } from "fastify";
import type { Runtime } from "./runtime.js";

/** What a graceful shutdown did. */
export interface ShutdownReport {
  /** Requests in flight when shutdown began that finished before the deadline. */
  readonly drained: number;
  /** Requests still running at the deadline: their signals were aborted and their connections closed. */
  readonly abandoned: number;
}

/**
 * Stops accepting connections (Fastify closes the listener and idle
 * keep-alive sockets), marks the app closing (new requests on open
 * connections get 503 with `Connection: close`), waits for in-flight
 * handlers up to `shutdownDeadlineMs`, then aborts what is left and closes
 * every connection. Never rejects.
 */
export async function closeGracefully(app: FastifyInstance, rt: Runtime): Promise<ShutdownReport> {
  rt.closing = true;
  const atStart = rt.inFlight.size;
  const closed = app.close().then(
    () => undefined,
    (cause: unknown) => {
      rt.logger.error("error while closing the HTTP server", { err: cause });
    },
  );
  const drained = Promise.all([closed, rt.inFlight.whenEmpty()]).then(() => true);
  let cancel: () => void = () => undefined;
  const deadline = new Promise<false>((resolve) => {
    cancel = rt.clock.setTimer(rt.settings.shutdownDeadlineMs, () => {
      resolve(false);
    });
  });
  const inTime = await Promise.race([drained, deadline]);
  cancel();
  if (inTime) {
    rt.logger.info("http server closed", { drained: atStart, abandoned: 0 });
    return { drained: atStart, abandoned: 0 };
  }
  const abandoned = rt.inFlight.abortAll(timeout(rt.settings.shutdownDeadlineMs, "graceful shutdown"));
  // Connections still serving an abandoned request are cut; their clients see the connection close.
  app.server.closeAllConnections();
  await closed;
  rt.logger.warn("http server closed at its shutdown deadline", { drained: atStart - abandoned, abandoned });
  return { drained: atStart - abandoned, abandoned };
}
