/**
 * One process-wide hook for every logger with buffered output: on SIGTERM
 * and SIGINT each registered flusher writes out what it holds, synchronously.
 * If nothing else listens for the signal, the hook then removes itself and
 * raises the signal again, so the process ends exactly as it would have
 * without us; if the application has its own handler (graceful shutdown), the
 * hook only flushes and leaves the rest to it.
 */
const flushers = new Set<() => void>();
const signals = ["SIGTERM", "SIGINT"] as const;

function flushAll(): void {
  for (const flush of flushers) {
    try {
      flush();
    } catch {
      // A destination that cannot be flushed (closed pipe) must not stop the others.
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  flushAll();
  if (process.listenerCount(signal) === 1) {
    uninstall();
    process.kill(process.pid, signal);
  }
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

/** Registers `flushSync` to run on SIGTERM/SIGINT; answers the function that unregisters it. */
export function flushOnSignals(flushSync: () => void): () => void {
  flushers.add(flushSync);
  install();
  return () => {
    flushers.delete(flushSync);
    if (flushers.size === 0) uninstall();
  };
}
