#!/usr/bin/env node
// `pnpm bench [filter…]`: finds every bench/*.bench.ts under packages/ and
// apps/, runs each in its own process (from source, no build needed), and
// prints one table: every case with ops/s, p50/p99 where measured, and its
// ratio to its suite's baseline from the same run. Targets are minimum ratios
// and are reported, never asserted. The table is also written to
// docs/benchmarks.md with the command, date and machine, so the latest figures
// stay in the repository.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, relative } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const filters = process.argv.slice(2).filter((a) => a !== "--");
const files = ["packages", "apps"]
  .flatMap((top) => (existsSync(join(root, top)) ? readdirSync(join(root, top)).map((n) => join(root, top, n, "bench")) : []))
  .filter((dir) => existsSync(dir))
  .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith(".bench.ts")).map((f) => join(dir, f)))
  .filter((file) => filters.length === 0 || filters.some((f) => relative(root, file).includes(f)))
  .sort();

if (files.length === 0) {
  console.error(`bench: no bench files match ${filters.join(" ") || "(all)"}`);
  process.exit(1);
}

const marker = "__HEXKIT_BENCH__";
// Resolved from here, so packages need not depend on tsx themselves.
const tsx = import.meta.resolve("tsx");
const suites = [];
const failures = [];
for (const file of files) {
  const rel = relative(root, file);
  const pkgDir = join(file, "..", "..");
  process.stderr.write(`bench: ${rel} … `);
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    ["--conditions=@hexkit/source", "--import", tsx, join(root, "tooling/bench/src/run-one.ts"), file],
    { cwd: pkgDir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_ENV: "production" }, timeout: 300_000 },
  );
  const line = run.stdout.split("\n").find((l) => l.startsWith(marker));
  if (run.status !== 0 || !line) {
    process.stderr.write(`FAILED (exit ${run.status})\n${run.stderr.slice(-3000)}\n`);
    failures.push(rel);
    continue;
  }
  process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  suites.push({ file: rel, ...JSON.parse(line.slice(marker.length)) });
}

const fmt = (n, digits = 0) =>
  n === undefined || n === null || Number.isNaN(n) ? "" : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const lines = [
  "| suite | case | ops/s | p50 ms | p99 ms | ratio to baseline | target | notes |",
  "|---|---|---:|---:|---:|---:|---:|---|",
];
for (const suite of suites) {
  const base = suite.rows.find((r) => r.name === suite.baseline);
  for (const row of suite.rows) {
    const own = row.baseline ? suite.rows.find((r) => r.name === row.baseline) : base;
    const ratio = own && own.opsPerSec > 0 ? row.opsPerSec / own.opsPerSec : undefined;
    const target = suite.targets[row.name];
    const verdict = target === undefined || ratio === undefined ? "" : `${fmt(target, 2)}× ${ratio >= target ? "met" : "MISSED"}`;
    const name =
      row.name === suite.baseline ? `${row.name} (baseline)` : row.baseline ? `${row.name} (vs ${row.baseline})` : row.name;
    lines.push(
      `| ${suite.group} | ${name} | ${fmt(row.opsPerSec)} | ${fmt(row.p50Ms, 3)} | ${fmt(row.p99Ms, 3)} | ${ratio === undefined ? "" : `${fmt(ratio, 3)}×`} | ${verdict} | ${row.notes ?? ""} |`,
    );
  }
}
const table = lines.join("\n");
console.log(table);
if (failures.length > 0) console.log(`\nFailed suites: ${failures.join(", ")}`);

if (filters.length === 0 && failures.length === 0) {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const doc = `# Benchmarks

The latest figures, written by \`pnpm bench\` (tooling/bench/run.mjs) on
${new Date().toISOString().slice(0, 10)}: Node.js ${process.version}, ${cpus().length} × ${cpu},
${Math.round(totalmem() / 2 ** 30)} GiB. Reproduce with:

\`\`\`sh
pnpm bench            # every suite; rewrites this file
pnpm bench redis      # only bench files whose path contains "redis" (prints, does not write)
\`\`\`

Every suite measures its baseline (the raw library, or plain code) in the same
run, and the ratio column compares each case with it: ratios travel between
machines, absolute numbers do not. Targets are minimum ratios from the issues
that asked for each suite; they are reported here, never asserted in tests.

The Redis, Fastify and OpenTelemetry suites compare the CPU time of the
process under test per operation, in rounds whose order rotates, each case
paired with the baseline of its own round. The machine these figures come from is a 2-vCPU VM whose speed changes
by up to 2× between spells (raw Fastify took 36.7 µs of server CPU a request
in one full run and 90.5 µs in another on the same day), and which charges a
process tens of microseconds of CPU each time it sleeps and is woken. A ratio
moves by about ±0.05–0.1 between runs, so a target that close to its ratio is
met in some runs and missed in others: read the package READMEs for the
spread over several runs before concluding from one.

${table}

See each package's README for what its cases measure.
`;
  writeFileSync(join(root, "docs/benchmarks.md"), doc);
  console.log("\nwrote docs/benchmarks.md");
}
process.exit(failures.length > 0 ? 1 : 0);
