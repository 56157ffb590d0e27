import { type Cluster, Redis } from "ioredis";

/**
 * Coalesces the writes of commands sent in one turn of the event loop into
 * one socket write. Every command ioredis sends is a separate `write` on the
 * socket, and on loopback or a LAN that system call costs more than the rest
 * of the command: with 100 commands in flight, their next commands are sent
 * from the same batch of replies, so corking the socket until the turn's
 * microtasks have run (`process.nextTick`) turns 100 writes into one. A lone
 * command is written at the end of the same turn, so no latency is added.
 *
 * Only a standalone or Sentinel connection that is ready is corked; a Cluster
 * spreads commands over many sockets and is left alone. The socket corked is
 * remembered and uncorked even if a reconnect has replaced it since, so a
 * cork can never outlive its turn.
 */
export function writeCoalescer(connection: Redis | Cluster): () => void {
  if (!(connection instanceof Redis)) return () => undefined;
  let corked: Redis["stream"] | undefined;
  const uncork = (): void => {
    const stream = corked;
    corked = undefined;
    stream?.uncork();
  };
  return () => {
    if (corked !== undefined || connection.status !== "ready") return;
    const stream = connection.stream;
    stream.cork();
    corked = stream;
    process.nextTick(uncork);
  };
}
