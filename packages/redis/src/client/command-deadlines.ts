import type { Command, Redis } from "ioredis";

/** The message ioredis itself rejects a late command with; `toPortError` maps it to `Timeout`. */
export const commandTimedOut = "Command timed out";

/**
 * Bounds every command sent on `connection` by `timeoutMs` with one timer
 * for the whole connection, instead of the timer per command that ioredis's
 * `commandTimeout` arms and clears. On a sequential workload that per-command
 * timer costs about 5 % of a GET's CPU: the timer list for its duration
 * empties after every command and is rebuilt for the next one.
 *
 * Every command passing through `sendCommand` (pipelined and internal ones
 * too) is queued with its deadline, in sending order; all deadlines have the
 * same length, so the oldest unsettled command is always the next to expire.
 * One unref'd timer is armed for it; when it fires, every command past its
 * deadline is rejected exactly as ioredis would (`Command timed out`), and
 * the timer is re-armed for the next one. Settled commands are dropped from
 * the front whenever a command is sent, so the queue holds about as many
 * entries as there are commands in flight (and at most one deadline's worth
 * while the server hangs). A late reply to a rejected command is ignored by
 * ioredis, as with its own timeout.
 *
 * `onSend` is told, before each command is written, whether other commands
 * are still waiting for replies (the write coalescer uses it).
 */
export function enforceCommandDeadlines(
  connection: Redis,
  timeoutMs: number,
  onSend: (othersInFlight: boolean) => void = () => undefined,
  now: () => number = () => performance.now(),
): void {
  const commands: Command[] = [];
  const deadlines: number[] = [];
  let head = 0;
  let timer: NodeJS.Timeout | undefined;

  const dropSettled = (): void => {
    while (head < commands.length && commands[head]?.isSettled === true) head++;
    if (head === commands.length) {
      commands.length = 0;
      deadlines.length = 0;
      head = 0;
    } else if (head > 1_024 && head * 2 > commands.length) {
      commands.splice(0, head);
      deadlines.splice(0, head);
      head = 0;
    }
  };

  const arm = (ms: number): void => {
    timer = setTimeout(expire, Math.max(1, Math.ceil(ms)));
    timer.unref();
  };

  function expire(): void {
    timer = undefined;
    const at = now();
    while (head < commands.length) {
      const command = commands[head];
      if (command !== undefined && !command.isSettled) {
        if ((deadlines[head] ?? 0) > at) break;
        command.reject(new Error(commandTimedOut));
      }
      head++;
    }
    dropSettled();
    if (head < commands.length) arm((deadlines[head] ?? at) - at);
  }

  const send = connection.sendCommand.bind(connection);
  connection.sendCommand = (command, stream) => {
    dropSettled();
    onSend(head < commands.length);
    commands.push(command);
    deadlines.push(now() + timeoutMs);
    if (timer === undefined) arm(timeoutMs);
    return send(command, stream);
  };
}
