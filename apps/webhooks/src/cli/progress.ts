/** A progress line on stderr for long runs. */
export interface Progress {
  /** Sets how many items are done. */
  update(done: number): void;
  /** Prints the final state and a newline. */
  finish(): void;
}

/**
 * A progress bar (`[######......] 120/300 40%`) redrawn in place when stderr
 * is a terminal, at most every 100 ms; elsewhere (CI logs, pipes) one plain
 * line per 10 %, so logs stay readable. `total` may be unknown (`undefined`).
 */
export function createProgress(label: string, total: number | undefined, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY;
  let lastDraw = 0;
  let lastDecile = -1;
  let done = 0;
  const line = (): string => {
    if (total === undefined || total === 0) return `${label}: ${done}`;
    const share = Math.min(1, done / total);
    const width = 30;
    const filled = Math.round(share * width);
    return `${label}: [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${Math.round(share * 100)}%`;
  };
  return {
    update(value) {
      done = value;
      const now = Date.now();
      if (tty) {
        if (now - lastDraw < 100) return;
        lastDraw = now;
        stream.write(`\r${line()}`);
        return;
      }
      const decile = total === undefined || total === 0 ? Math.floor(done / 1_000) : Math.floor((done / total) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${line()}\n`);
      }
    },
    finish() {
      stream.write(tty ? `\r${line()}\n` : `${line()}\n`);
    },
  };
}
