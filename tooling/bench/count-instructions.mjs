#!/usr/bin/env node
// Counts the machine instructions a bench server spends per request, under
// valgrind's callgrind, for each variant named on the command line:
//
//   node tooling/bench/count-instructions.mjs packages/otel/bench/http-server.ts off metrics on sampled
//
// Why: on this project's 2-vCPU VM a request's CPU time swings by 2x between
// spells and by several percent between processes, so a time ratio needs many
// runs to settle a few hundredths. Instruction counts do not depend on the
// machine's speed: four processes of the otel bench's "off" server in the
// same mode (see below) counted 118,200-118,400 a request. They are not time
// (a cache miss costs more than an add), so they complement the time-based
// `pnpm bench`, not replace it.
//
// How: each variant's server runs alone under callgrind with counting off;
// autocannon warms it up (JIT settled), then counting is switched on
// (callgrind_control) and each window of requests is dumped separately. The
// first windows after switching on count far more in every process, so they
// are skipped (`--skip`); of the rest, the figure is the lowest, with the
// spread of the rest beside it. Some windows count 3-4 % more (most likely a
// full GC or timers landing in them), and now and then a whole process
// counts far more (up to 2x) in every window: the report flags a spread over
// 5 % as unsteady, to run again. One variant at a time, dumps read only
// after its run, and no memory reducer in the server: a server whose load
// pauses runs timers and idle-time GC in the gaps, which would count against
// its requests (with two variants at a time, windows of one process came
// out up to 60 % apart).
//
// Two modes under valgrind: in about half of hexkit's server processes
// under valgrind, whatever the variant, Node 20 builds process.nextTick's
// tick objects in V8's runtime (Runtime_DefineKeyedOwnPropertyInLiteral,
// about 27 calls a request) instead of in optimised code, about 34,500
// instructions a request more for the life of the process. Run natively,
// 13 processes showed no such second group (a probe timing nextTick; see
// packages/otel/README.md), so it is most likely an effect of valgrind's
// slowdown on the order of things in the process (not shown). The report names each process's mode and
// also gives the count without that runtime call (and what it calls), so
// processes in different modes can be compared roughly (about 2,000 of the
// slow mode's extra instructions fall outside it); only same-mode figures
// compare exactly.
//
// Run it on an otherwise idle machine. Needs valgrind (Debian package
// valgrind). Options: --warm N (requests before counting, default 30000),
// --window N (requests per window, 2000), --windows K (6), --skip K (2).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const args = process.argv.slice(2).filter((a) => a !== "--");
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 0) throw new TypeError(`--${name} needs a whole number, got ${args[at + 1]}`);
  args.splice(at, 2);
  return value;
};
const settings = { warm: option("warm", 30000), window: option("window", 2000), windows: option("windows", 6), skip: option("skip", 2) };
const [serverArg, ...variants] = args;
if (serverArg === undefined || variants.length === 0) {
  console.error("usage: node tooling/bench/count-instructions.mjs <bench server .ts> <variant>... [--warm N] [--window N] [--windows K] [--skip K]");
  process.exit(2);
}
if (settings.windows <= settings.skip) throw new TypeError("--windows must exceed --skip");
for (const tool of ["valgrind", "callgrind_control", "callgrind_annotate"]) {
  if (spawnSync(tool, ["--version"]).error !== undefined) {
    console.error(`count-instructions: ${tool} not found (Debian package valgrind)`);
    process.exit(2);
  }
}
const serverFile = resolve(serverArg);
// autocannon from the server's own package (the bench servers' packages depend on it).
const autocannon = createRequire(serverFile)("autocannon");
const tsx = import.meta.resolve("tsx");
/** Node's tick objects built in the runtime: the signature of the slow mode (see above). */
const slowTicks = "Runtime_DefineKeyedOwnPropertyInLiteral";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Total instructions of a dump, and those spent under the slow-tick runtime call (inclusive). */
function readDump(file) {
  const total = Number(/^summary:\s+(\d+)/m.exec(readFileSync(file, "utf8"))?.[1]);
  const annotated = spawnSync("callgrind_annotate", ["--inclusive=yes", "--threshold=100", file], { encoding: "utf8", maxBuffer: 1 << 28 }).stdout;
  const line = annotated.split("\n").find((l) => l.includes(slowTicks));
  const ticks = line === undefined ? 0 : Number(line.trim().split(/\s+/)[0].replaceAll(",", ""));
  return { total, ticks };
}

async function count(variant, dir) {
  const out = join(dir, variant);
  const child = spawn(
    "valgrind",
    ["--tool=callgrind", "--instr-atstart=no", `--callgrind-out-file=${out}.%p`,
      // No memory reducer: it can run full GCs when the load pauses, which would count against the requests.
      process.execPath, "--single-threaded", "--no-memory-reducer", "--conditions=@hexkit/source", "--import", tsx, serverFile, variant],
    { cwd: dirname(serverFile), stdio: ["ignore", "pipe", "pipe"] },
  );
  let printed = "";
  child.stdout.on("data", (d) => (printed += d));
  let errors = "";
  child.stderr.on("data", (d) => (errors += d));
  try {
    const started = Date.now();
    let url;
    while ((url = /https?:\/\/\S+/.exec(printed)?.[0]) === undefined) {
      if (child.exitCode !== null || Date.now() - started > 600_000) throw new Error(`${variant}: the server did not start\n${errors}`);
      await sleep(250);
    }
    const fire = async (amount) => {
      const result = await autocannon({ url, connections: 16, amount });
      const failed = result.errors + result.timeouts + result.non2xx;
      if (failed > 0) throw new Error(`${variant}: ${failed} failed requests`);
    };
    await fire(settings.warm);
    const control = (...command) => spawnSync("callgrind_control", [...command, String(child.pid)], { encoding: "utf8" });
    control("-i", "on");
    const windows = [];
    for (let w = 0; w < settings.windows; w++) {
      await fire(settings.window);
      const before = new Set(readdirSync(dir));
      control("-d");
      let dump;
      for (let tries = 0; dump === undefined && tries < 200; tries++) {
        await sleep(100);
        dump = readdirSync(dir).find((f) => f.startsWith(`${variant}.`) && !before.has(f) && statSync(join(dir, f)).size > 0);
      }
      if (dump === undefined) throw new Error(`${variant}: callgrind wrote no dump`);
      // vgdb (behind callgrind_control) returns once the monitor command has run, so the dump is whole.
      windows.push(join(dir, dump));
    }
    return windows;
  } finally {
    child.kill("SIGKILL");
  }
}

const dir = mkdtempSync(join(tmpdir(), "hexkit-instructions-"));
/** [variant, windows] in the order run; a variant named twice is counted twice, in two processes. */
const results = [];
try {
  for (const variant of variants) {
    const dumps = await count(variant, dir);
    results.push([
      variant,
      dumps.map((file) => {
        const { total, ticks } = readDump(file);
        return { perRequest: total / settings.window, slowTicks: ticks / settings.window };
      }),
    ]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const rows = results.map(([variant, windows]) => {
  const kept = windows.slice(settings.skip);
  const lowest = kept.reduce((a, b) => (b.perRequest < a.perRequest ? b : a));
  const perRequest = lowest.perRequest;
  const ticks = lowest.slowTicks;
  const highest = Math.max(...kept.map((w) => w.perRequest));
  return { variant, perRequest, ticks, without: perRequest - ticks, spread: highest / perRequest - 1, windows: windows.map((w) => Math.round(w.perRequest)) };
});
const [first] = rows;
console.log(`instructions per request of ${relative(root, serverFile)}; lowest of windows ${settings.skip + 1}-${settings.windows} of ${settings.window} requests after ${settings.warm} to warm up`);
console.log("| variant | per request | mode (under valgrind) | without slow ticks | ratio to first (without slow ticks) | kept windows' spread | every window |");
console.log("|---|---:|---|---:|---:|---:|---|");
for (const r of rows) {
  const mode = r.ticks > 1000 ? `slow ticks (${Math.round(r.ticks)})` : "fast ticks";
  const ratio = first === undefined ? "" : `${(first.without / r.without).toFixed(3)}x`;
  // Above a few percent, something besides requests ran in the windows (a stalled load generator, a busy machine): run again.
  const spread = `${(r.spread * 100).toFixed(1)} %${r.spread > 0.05 ? " (unsteady: run again on a quiet machine)" : ""}`;
  console.log(`| ${r.variant} | ${Math.round(r.perRequest)} | ${mode} | ${Math.round(r.without)} | ${ratio} | ${spread} | ${r.windows.join(", ")} |`);
}
