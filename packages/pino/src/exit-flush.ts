/**
 * One process-wide hook for every logger with buffered output. On SIGTERM
 * and SIGINT it waits (asynchronously, so an in-flight write completes first
 * and lines stay in order) until each registered logger has written out what
 * it holds, or until the longest registered deadline passes. Then, if nothing
 * else listens for the signal, it removes itself and raises the signal again,
 * so the process ends exactly as it would have without us. If the application
 * has its own handler (graceful shutdown), the hook only flushes and leaves
 * the rest to it.
 */
interface Flusher {
  readonly flush: () => Promise<void>;
  readonly deadlineMs: number;
}

const flushers = new Set<Flusher>();
const signals = ["SIGTERM", "SIGINT"] as const;
let handling = false;

function onSignal(signal: NodeJS.Signals): void {
  if (handling) return;
  handling = true;
  const deadlineMs = Math.max(0, ...[...flushers].map((f) => f.deadlineMs));
  const all = Promise.all([...flushers].map((f) => f.flush().catch(() => undefined)));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, deadlineMs);
  });
  void Promise.race([all, deadline]).then(() => {
    clearTimeout(timer);
    handling = false;
    if (process.listenerCount(signal) === 1) {
      uninstall();
      process.kill(process.pid, signal);
    }
  });
}

let installed = false;
function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of signals) process.on(signal, onSignal);
}
function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const signal of signals) process.off(signal, onSignal);
}

/**
 * Registers `flush` to run on SIGTERM/SIGINT, waited for at most `deadlineMs`;
 * answers the function that unregisters it (idempotent).
 */
export function flushOnSignals(flush: () => Promise<void>, deadlineMs: number): () => void {
  const flusher: Flusher = { flush, deadlineMs };
  flushers.add(flusher);
  install();
  return () => {
    flushers.delete(flusher);
    if (flushers.size === 0) uninstall();
  };
}
