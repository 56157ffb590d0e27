import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { type InstrumentKind, createPrometheusMetrics, exposition } from "@hexkit/prometheus";
import { promtool, requirePromtool } from "./promtool.js";

const root = join(import.meta.dirname, "..", "..", "..");
const metricsDoc = readFileSync(join(root, "docs/metrics.md"), "utf8");
const alertsFile = join(root, "docs/ops/alerts.yml");
const dashboard = JSON.parse(readFileSync(join(root, "docs/ops/grafana-dashboard.json"), "utf8")) as {
  panels: { type: string; title: string; targets?: { expr: string }[] }[];
};

interface DocumentedMetric {
  readonly exposed: string;
  readonly kind: InstrumentKind;
  readonly labels: string[];
  /** The name a package declares; undefined for metrics built into the adapter or prom-client. */
  readonly declared: string | undefined;
}

const code = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? "");
const documented: DocumentedMetric[] = metricsDoc
  .split("\n")
  .filter((line) => line.startsWith("| `"))
  .map((line) => {
    const [exposed, kind, labels, declared] = line.split("|").slice(1, 5).map((c) => c.trim());
    return {
      exposed: code(exposed ?? "")[0] ?? "",
      kind: kind as InstrumentKind,
      labels: code(labels ?? ""),
      declared: declared === "(built in)" ? undefined : code(declared ?? "")[0],
    };
  });
const exposedNames = new Set(documented.map((m) => m.exposed));
const histogramNames = new Set(documented.filter((m) => m.kind === "histogram").map((m) => m.exposed));

/** Declared metric names in package and app sources: `name: "…"` in files that declare instruments, and `metricNames` objects. */
function declaredInSources(): Map<string, string> {
  const found = new Map<string, string>();
  const skip = new Set(["prometheus", "memory", "testing", "core"]);
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? walk(path) : path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
    });
  const sources = ["packages", "apps"].flatMap((top) =>
    readdirSync(join(root, top))
      .filter((name) => !(top === "packages" && skip.has(name)))
      .flatMap((name) => {
        const src = join(root, top, name, "src");
        try {
          return walk(src);
        } catch {
          return [];
        }
      }),
  );
  for (const file of sources) {
    const text = readFileSync(file, "utf8");
    const names: string[] = [];
    if (/\.(counter|gauge|histogram)\(/.test(text)) names.push(...[...text.matchAll(/\bname:\s*"([a-z][a-z0-9_]*)"/g)].map((m) => m[1] ?? ""));
    const table = /metricNames\s*=\s*\{([^}]*)\}/.exec(text)?.[1];
    if (table !== undefined) names.push(...[...table.matchAll(/:\s*"([a-z][a-z0-9_]*)"/g)].map((m) => m[1] ?? ""));
    for (const name of names) found.set(name, relative(root, file));
  }
  return found;
}

const functions = new Set([
  "sum", "max", "min", "avg", "count", "rate", "irate", "increase", "histogram_quantile", "by", "without", "on", "ignoring",
  "and", "or", "unless", "group_left", "group_right", "clamp_min", "clamp_max", "abs", "offset", "topk", "bottomk",
]);

/** The metric names an expression selects (label matchers, groupings, ranges and strings removed first). */
function metricsIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, " ")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  return [...stripped.matchAll(/\b[a-zA-Z_:][a-zA-Z0-9_:]*\b/g)].map((m) => m[0]).filter((t) => !functions.has(t) && !/^\d/.test(t));
}

function isDocumented(name: string): boolean {
  if (name === "up" || exposedNames.has(name)) return true;
  const base = name.replace(/_(bucket|sum|count)$/, "");
  return base !== name && histogramNames.has(base);
}

const dashboardExprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
const alertExprs = [...readFileSync(alertsFile, "utf8").matchAll(/expr:\s*(\|\n((?:\s{10}.*\n)+)|(.+))/g)].map((m) => (m[2] ?? m[3] ?? "").trim());

describe("docs/metrics.md", () => {
  it("lists metrics in tables this test can read", () => {
    expect(documented.length).toBeGreaterThan(20);
    for (const m of documented) expect(["counter", "gauge", "histogram"], m.exposed).toContain(m.kind);
  });

  it("shows the name under which each declared metric is exposed", () => {
    for (const m of documented.filter((d) => d.declared !== undefined)) {
      expect(exposition(m.kind, m.declared!), m.declared).toEqual({ name: m.exposed, divisor: m.declared!.includes("_ms") ? 1000 : 1 });
    }
  });

  it("lists every metric a package or app declares", () => {
    const declaredHere = new Set(documented.map((m) => m.declared));
    const missing = [...declaredInSources()].filter(([name]) => !declaredHere.has(name)).map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });

  it("lists exactly the adapter's and prom-client's built-in metrics it says are built in", async () => {
    const text = (await createPrometheusMetrics().metricsText())._unsafeUnwrap();
    const exposedByAdapter = new Set([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`));
    for (const m of documented.filter((d) => d.declared === undefined)) expect(exposedByAdapter, m.exposed).toContain(`${m.exposed} ${m.kind}`);
  });

  it("gives /metrics output that passes promtool when every documented metric is recorded", (ctx) => {
    requirePromtool((note) => { ctx.skip(note); });
    const metrics = createPrometheusMetrics({ defaultLabels: { service: "webhooks" } });
    for (const m of documented.filter((d) => d.declared !== undefined)) {
      const labels = Object.fromEntries(m.labels.map((l) => [l, "x"]));
      const definition = { name: m.declared!, help: `${m.exposed} from docs/metrics.md.`, labelNames: m.labels };
      if (m.kind === "counter") metrics.counter(definition).inc(labels);
      else if (m.kind === "gauge") metrics.gauge(definition).set(1, labels);
      else metrics.histogram(definition).observe(12, labels);
    }
    return metrics.metricsText().map((text) => {
      for (const m of documented) expect(text, m.exposed).toContain(`# TYPE ${m.exposed} ${m.kind}`);
      expect(promtool(["check", "metrics"], text)).toEqual({ status: 0, output: "" });
    });
  });
});

describe("docs/ops", () => {
  it("alert rules pass promtool check rules", (ctx) => {
    requirePromtool((note) => { ctx.skip(note); });
    const verdict = promtool(["check", "rules", alertsFile]);
    expect(verdict.status, verdict.output).toBe(0);
    expect(verdict.output).toContain("SUCCESS");
  });

  it("alert rules pass their unit tests (promtool test rules)", (ctx) => {
    requirePromtool((note) => { ctx.skip(note); });
    const verdict = promtool(["test", "rules", join(root, "docs/ops/alerts.test.yml")]);
    expect(verdict.status, verdict.output).toBe(0);
  });

  it("alert rules and dashboard query only documented metrics", () => {
    expect(alertExprs.length).toBeGreaterThan(10);
    expect(dashboardExprs.length).toBeGreaterThan(20);
    const unknown = [...alertExprs, ...dashboardExprs.map((d) => d.expr)].flatMap(metricsIn).filter((name) => !isDocumented(name));
    expect(unknown).toEqual([]);
  });

  it("dashboard queries are valid PromQL", (ctx) => {
    requirePromtool((note) => { ctx.skip(note); });
    // promtool parses expressions only inside rule files: wrap each query in a recording rule.
    const rules = dashboardExprs.map((d, i) => {
      const expr = d.expr.replaceAll("$__rate_interval", "5m").replaceAll("$job", "webhooks");
      return `      - record: hexkit_dashboard_query_${i}\n        expr: ${JSON.stringify(expr)}\n`;
    });
    const dir = mkdtempSync(join(tmpdir(), "hexkit-dashboard-"));
    try {
      const file = join(dir, "dashboard-queries.yml");
      writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules.join("")}`);
      const verdict = promtool(["check", "rules", file]);
      expect(verdict.status, verdict.output).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
