import type { ChildProcess } from "node:child_process";

/**
 * Sends `message` to a bench server running in a child process (nothing: waits
 * for its first message, e.g. its URL once listening) and resolves with the
 * child's next message. Rejects if the child exits first, so a server that
 * crashes fails its bench instead of hanging it.
 */
export function askChild<T>(child: ChildProcess, message?: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null): void => {
      reject(new Error(`bench server exited with ${String(code)}`));
    };
    child.once("exit", onExit);
    child.once("message", (m) => {
      child.off("exit", onExit);
      resolve(m as T);
    });
    if (message !== undefined) child.send(message);
  });
}
