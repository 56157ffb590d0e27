import { type Cluster, Redis } from "ioredis";

/**
 * Coalesces the writes of commands sent in one turn of the event loop into
 * one socket write. Every command ioredis sends is a separate `write` on the
 * socket, and on loopback or a LAN that system call costs more than the rest
 * of the command: with 100 commands in flight, their next commands are sent
 * from the same batch of replies, so corking the socket until the turn's
 * microtasks have run (`process.nextTick`) turns 100 writes into two.
 *
 * The returned function is called before each command is written, with
 * whether other commands are still waiting for replies. Only then is the
 * socket corked: a command sent while nothing else is in flight (a caller
 * working one command at a time, or the first of a turn's batch) is written
 * at once, with no cork, tick or second copy. Only a standalone or Sentinel
 * connection that is ready is corked; the socket corked is remembered and
 * uncorked even if a reconnect has replaced it since, so a cork never
 * outlives its turn.
 */
export function writeCoalescer(connection: Redis | Cluster): (othersInFlight: boolean) => void {
  if (!(connection instanceof Redis)) return () => undefined;
  let corked: Redis["stream"] | undefined;
  const uncork = (): void => {
    const stream = corked;
    corked = undefined;
    stream?.uncork();
  };
  return (othersInFlight) => {
    if (!othersInFlight || corked !== undefined || connection.status !== "ready") return;
    const stream = connection.stream;
    stream.cork();
    corked = stream;
    process.nextTick(uncork);
  };
}
