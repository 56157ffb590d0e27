import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "../../..");
const depcruise = join(repoRoot, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
const config = join(repoRoot, ".dependency-cruiser.cjs");

/** Runs the CLI as CI does; its exit status is the number of errors. */
function cruise(cwd: string, paths: readonly string[]): { status: number | null; rules: string[] } {
  const run = spawnSync(process.execPath, [depcruise, "--config", config, "--output-type", "err", ...paths], {
    cwd,
    encoding: "utf8",
  });
  const rules = [...run.stdout.matchAll(/^\s*error ([a-z-]+):/gm)].map((m) => m[1] ?? "");
  return { status: run.status, rules };
}

describe("architecture rules", () => {
  it("pass on the real tree", () => {
    const { status, rules } = cruise(repoRoot, ["packages", "apps"]);
    expect(rules).toEqual([]);
    expect(status).toBe(0);
  });

  it("fail on a tree that breaks each rule, naming every rule", () => {
    const { status, rules } = cruise(join(here, "../fixtures"), ["packages", "apps"]);
    expect(status).not.toBe(0);
    const fired = new Set(rules);
    expect([...fired].sort()).toEqual(
      [
        "adapters-do-not-import-each-other",
        "core-no-node-builtins",
        "core-no-other-packages",
        "core-only-neverthrow",
        "no-circular",
        "only-through-public-exports",
        "packages-do-not-import-apps",
      ].sort(),
    );
  });
});
