import { spawnSync } from "node:child_process";

/** What `promtool` said about its input. */
export interface PromtoolVerdict {
  readonly status: number | null;
  readonly output: string;
}

/** True when the `promtool` binary (Debian package `prometheus`) is on PATH. */
export function promtoolAvailable(): boolean {
  const probe = spawnSync("promtool", ["--version"], { encoding: "utf8" });
  return probe.status === 0;
}

/** Runs `promtool <args>` with `input` on stdin. */
export function promtool(args: readonly string[], input?: string): PromtoolVerdict {
  const run = spawnSync("promtool", args, { encoding: "utf8", input, timeout: 20_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

/**
 * Skips the calling test when promtool is missing on a developer machine, and
 * fails it when CI=true: CI installs promtool, so its absence there is a
 * broken pipeline, not a reason to pass.
 */
export function requirePromtool(skip: (note: string) => void): void {
  if (promtoolAvailable()) return;
  if (process.env.CI === "true") {
    throw new Error("promtool is not installed, and CI=true requires it (apt-get install -y prometheus)");
  }
  skip("promtool is not installed here (apt-get install -y prometheus); CI runs this check");
}
