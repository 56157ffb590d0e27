#!/usr/bin/env node
// `pnpm bench [filter…]`: finds every bench/*.bench.ts under packages/ and
// apps/, runs each in its own process (from source, no build needed), and
// prints one table: every case with ops/s, p50/p99 where measured, and its
// ratio to its suite's baseline from the same run. Targets are minimum ratios
// and are reported (met, MISSED, or unsure when the run's own noise cannot
// tell: src/verdict.ts), never asserted. The table is also written to
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
const { tsImport } = await import("tsx/esm/api");
/** @type {typeof import("./src/verdict.ts")} */
const { verdictCell } = await tsImport("./src/verdict.ts", import.meta.url);
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
  const ratioOf = (row) => {
    const own = row.baseline ? suite.rows.find((r) => r.name === row.baseline) : base;
    return own && own.opsPerSec > 0 ? row.opsPerSec / own.opsPerSec : undefined;
  };
  const controlRow = suite.control === undefined ? undefined : suite.rows.find((r) => r.name === suite.control);
  // A suite that names a control it did not report cannot judge its noise: its verdicts are "unsure".
  const control = suite.control === undefined ? undefined : ((controlRow && ratioOf(controlRow)) ?? Number.NaN);
  for (const row of suite.rows) {
    const ratio = ratioOf(row);
    const target = suite.targets[row.name];
    // met or MISSED only when every estimate clears the target by more than the control's noise,
    // and a sign test over the rounds agrees (see src/verdict.ts).
    const verdict =
      target === undefined || ratio === undefined
        ? ""
        : verdictCell({ target, estimates: [ratio, ...(row.otherRatios ?? [])], control, rounds: row.roundRatios });
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
A target is called **met** or **MISSED** only when the run can tell: every
estimate of the row's ratio (the median of its per-round ratios, and the
ratio of the medians) falls on the same side of the target, by more than
the control row's distance from 1.000× where the suite has a control; and,
where the suite pairs rounds, so many rounds fall on that side that chance
alone would do it at most 5 % of the time (a sign test: 5 of 5 rounds, 9 of
10, 12 of 15). Otherwise the row says **unsure**, with the figures that left
it open: one such run decides nothing (tooling/bench/src/verdict.ts).

The Redis, Fastify and OpenTelemetry suites compare the CPU time of the
process under test per operation, in rounds whose order rotates, each case
paired with the baseline of its own round; the HTTP suites start their
servers anew every round (two processes of one server can measure several
percent apart for as long as they live). Two kinds of rows say how far to
trust the others:

- a **control** row measures the baseline again under another name: its
  distance from 1.000× is the noise of that run;
- a **calibration** row is the baseline plus a fixed amount of busy CPU per
  request: what that much extra work costs in the ratio on this machine. On
  this 2-vCPU VM under closed-loop load a µs of work costs about 1.5–2 µs of
  server CPU (a slower server also wakes its client more often), so a target
  of 0.85× leaves room for only about 2 µs of added work on a 17 µs request.

The machine these figures come from changes speed by up to 2× between spells
(raw Fastify took 17 µs of server CPU a request on one day and 36–90 µs on
another), and charges a process tens of microseconds of CPU each time it
sleeps and is woken. One run's ratio moves by a few hundredths, so a target
that close to its ratio needs many runs: the package READMEs give the spread
and the rule used before a target is called met.

Instruction counts do not depend on the machine's speed:
\`node tooling/bench/count-instructions.mjs <bench server> <variant>…\` counts
what a bench server executes per request under valgrind (two processes of
one server in the same mode agree to within about 1 %; run it on an idle
machine, since a stalled load generator adds work to the windows). They
are not time, so they complement these tables. Under valgrind, about half
of hexkit's server processes run in a slower mode that native processes
showed no sign of (see packages/otel/README.md): the counter names each
process's mode, and only same-mode figures compare.

${table}

See each package's README for what its cases measure.
`;
  writeFileSync(join(root, "docs/benchmarks.md"), doc);
  console.log("\nwrote docs/benchmarks.md");
}
process.exit(failures.length > 0 ? 1 : 0);
