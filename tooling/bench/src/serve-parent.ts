/**
 * The child's side of `askChild`, for a bench server in a child process:
 * tells the parent `url` once listening, answers "cpu" with the CPU time the
 * process has used so far (µs: `cpuMicros` total, `userMicros` user), and
 * on any other message (or SIGINT/SIGTERM, or the parent's end of the
 * channel closing) closes the server and exits, so `--cpu-prof` gets to
 * write its file and no server outlives its bench. Run without a parent
 * (profiling by hand), it prints `url` instead.
 */
export function serveParent(url: string, close: () => Promise<unknown>): void {
  const stop = (): void => {
    void close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  if (process.send === undefined) {
    process.stdout.write(`${url}\n`);
    return;
  }
  // A parent that dies without saying stop (killed, or timed out by run.mjs) closes the channel:
  // without this the server would go on running and load the machine under later benches.
  process.once("disconnect", stop);
  process.send({ url });
  process.on("message", (message) => {
    if (message !== "cpu") {
      stop();
      return;
    }
    const used = process.cpuUsage();
    process.send?.({ cpuMicros: used.user + used.system, userMicros: used.user });
  });
}
