import { writeSync } from "node:fs";

/**
 * One process-wide hook for every logger with buffered output. On SIGTERM
 * and SIGINT it waits (asynchronously, so an in-flight write completes first
 * and lines stay in order) until each registered logger has written out what
 * it holds, or until no registered destination has accepted a byte for the
 * longest registered deadline. Then, if nothing else listens for the signal,
 * it removes itself and raises the signal again, so the process ends exactly
 * as it would have without us. If the application has its own handler
 * (graceful shutdown), the hook only flushes and leaves the rest to it.
 *
 * Why the deadline runs from the last progress and not from the signal: a
 * reader that is merely slow (a loaded log collector, a busy parent process)
 * can take seconds to read a few MB, and cutting it off loses lines that it
 * would have read; only a destination that accepts nothing at all is stalled.
 */
export interface SignalFlusher {
  /** Writes out what is held; resolves once it is. Never rejects. */
  readonly flush: () => Promise<void>;
  /** Calls `listener` each time the destination accepts bytes; answers the unsubscribe. */
  readonly onWritten: (listener: () => void) => () => void;
  /** Bytes held and not yet accepted by the destination, for the loss report. */
  readonly pendingBytes: () => number;
  /** The file descriptor written, if known: the loss report never goes to a stalled stderr. */
  readonly fd: number | undefined;
  /** How long the destination may accept nothing before the hook gives up, in ms. */
  readonly deadlineMs: number;
}

const flushers = new Set<SignalFlusher>();
const signals = ["SIGTERM", "SIGINT"] as const;
let handling = false;

function onSignal(signal: NodeJS.Signals): void {
  if (handling) return;
  handling = true;
  // Decided when the signal arrives: if the program listens for it too, the
  // program owns shutdown and the hook must never send it the signal again
  // (a service treats a second SIGTERM as "exit now"). Checked later, the
  // count could read 1 because the program's close() had removed this hook
  // meanwhile, and the re-raise would hit the program's own handler.
  const onlyListener = process.listenerCount(signal) === 1;
  const waiting = [...flushers];
  const deadlineMs = Math.max(0, ...waiting.map((f) => f.deadlineMs));
  let lastProgress = Date.now();
  const progressed = (): void => {
    lastProgress = Date.now();
  };
  const unsubscribe = waiting.map((f) => f.onWritten(progressed));
  const all = Promise.all(waiting.map((f) => f.flush().catch(() => undefined))).then(() => false);
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<boolean>((resolve) => {
    const check = (): void => {
      const idle = Date.now() - lastProgress;
      if (idle >= deadlineMs) resolve(true);
      else timer = setTimeout(check, deadlineMs - idle);
    };
    timer = setTimeout(check, deadlineMs);
  });
  void Promise.race([all, stalled]).then((gaveUp) => {
    clearTimeout(timer);
    for (const off of unsubscribe) off();
    if (gaveUp) reportLoss(signal, waiting, deadlineMs);
    handling = false;
    if (onlyListener) {
      uninstall();
      process.kill(process.pid, signal);
    }
  });
}

/**
 * Says on stderr how much the hook gave up on, so a loss is never silent.
 * Synchronous (the process is about to die); skipped when a stalled
 * destination is stderr itself, where the write could block for ever.
 */
function reportLoss(signal: NodeJS.Signals, waiting: readonly SignalFlusher[], deadlineMs: number): void {
  const lost = waiting.reduce((sum, f) => sum + f.pendingBytes(), 0);
  if (lost === 0 || waiting.some((f) => f.fd === 2 && f.pendingBytes() > 0)) return;
  try {
    writeSync(
      2,
      `@hexkit/pino: on ${signal}, the log destination accepted nothing for ${String(deadlineMs)} ms; ` +
        `gave up on up to ${String(lost)} bytes of log lines (signalFlushTimeoutMs)\n`,
    );
  } catch {
    // stderr closed or full: nothing else can say it.
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

/**
 * Registers `flusher` to run on SIGTERM/SIGINT, waited for until it is done
 * or its destination has accepted nothing for `deadlineMs`; answers the
 * function that unregisters it (idempotent).
 */
export function flushOnSignals(flusher: SignalFlusher): () => void {
  const registered = { ...flusher };
  flushers.add(registered);
  install();
  return () => {
    flushers.delete(registered);
    if (flushers.size === 0) uninstall();
  };
}
