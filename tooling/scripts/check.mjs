#!/usr/bin/env node
// `pnpm check`: everything CI runs, in one command. Lint and typecheck, the
// architecture rules, the build, then every test; it keeps going after a
// failure so one run shows every problem, and ends with the totals on a line
// of their own ("N passed, N failed") read from each package's vitest JSON.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1", FORCE_COLOR: "0" };
const turbo = ["exec", "turbo", "run", "--continue", "--concurrency=2", "--output-logs=errors-only", "--ui=stream"];

const workspaces = ["packages", "apps", "tooling"].flatMap((dir) =>
  existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((name) => join(root, dir, name)) : [],
);

function step(name, args) {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const run = spawnSync("pnpm", args, { cwd: root, env, stdio: "inherit" });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = run.status === 0;
  console.log(`=== ${name}: ${ok ? "ok" : "FAILED"} (${seconds} s)`);
  return { name, ok, seconds };
}

for (const dir of workspaces) rmSync(join(dir, ".vitest"), { recursive: true, force: true });

const results = [
  step("lint and typecheck", [...turbo, "lint", "typecheck"]),
  step("architecture rules", ["run", "arch"]),
  step("build", [...turbo, "build"]),
  step("tests", [...turbo, "test"]),
];

let passed = 0;
let failed = 0;
let skipped = 0;
const perPackage = [];
for (const dir of workspaces) {
  const file = join(dir, ".vitest", "results.json");
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  perPackage.push(`  ${dir.slice(root.length).padEnd(22)} ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}

console.log("\n=== summary");
for (const r of results) console.log(`  ${r.ok ? "ok    " : "FAILED"} ${r.name} (${r.seconds} s)`);
console.log(perPackage.join("\n"));
const allOk = results.every((r) => r.ok) && failed === 0 && passed > 0;
console.log(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exit(allOk ? 0 : 1);
