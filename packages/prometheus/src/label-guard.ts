import type { Labels } from "@hexkit/core";

/** Why a record was not passed to prom-client. */
export type Rejection = "unknown_label" | "label_set_limit";

/** A label set that prom-client may record: every declared label present, nothing else. */
export type AdmittedLabels = Readonly<Record<string, string | number>>;

/**
 * Decides, per record, whether a label set may be recorded. It admits label
 * sets it has seen before and new ones until `maxLabelSets` distinct sets
 * exist; after that, new sets are refused (known ones keep working), which is
 * what keeps a raw path or an id in a label from growing memory and the
 * scrape without bound. Labels not declared are refused too (prom-client
 * would throw). A declared label that is missing is recorded as `""`, which
 * Prometheus reads as "no label", so every series of a metric has the same
 * label names.
 */
export type LabelGuard = (labels: Labels | undefined) => AdmittedLabels | Rejection;

// Known label sets live in a tree with one level per declared label, keyed by
// the label's value. A record walks it with the caller's own value strings,
// whose hashes V8 caches, instead of building and hashing a joined key per
// record: this is the hot path of every counter and histogram.
type Node = Map<string, Node | true>;

/** Builds the guard of one instrument. `maxLabelSets` counts distinct label sets, the empty set included. */
export function createLabelGuard(labelNames: readonly string[], maxLabelSets: number): LabelGuard {
  const names = [...labelNames];
  const depth = names.length;
  const declared = new Set(names);
  const noLabels: AdmittedLabels = Object.fromEntries(names.map((n) => [n, ""]));
  if (depth === 0) {
    return (labels) => {
      if (labels !== undefined) for (const _ in labels) return "unknown_label";
      return noLabels;
    };
  }
  const root: Node = new Map();
  let count = 0;

  const hasUnknown = (labels: Labels): boolean => {
    for (const name in labels) if (!declared.has(name)) return true;
    return false;
  };
  const complete = (labels: Labels | undefined): AdmittedLabels => {
    if (labels === undefined) return noLabels;
    const out: Record<string, string | number> = {};
    for (const name of names) out[name] = labels[name] ?? "";
    return out;
  };

  return (labels) => {
    let node = root;
    let missing = false;
    for (let i = 0; i < depth; i++) {
      const raw = labels?.[names[i] as string];
      let value: string;
      if (raw === undefined) {
        missing = true;
        value = "";
      } else {
        value = typeof raw === "string" ? raw : String(raw);
      }
      const next = node.get(value);
      if (next === undefined) {
        // A new label set: check the rest before admitting it.
        if (labels !== undefined && hasUnknown(labels)) return "unknown_label";
        if (count >= maxLabelSets) return "label_set_limit";
        count++;
        insert(node, i, labels);
        return labels !== undefined && names.every((n) => labels[n] !== undefined) ? labels : complete(labels);
      }
      if (next !== true) node = next;
    }
    // A known set. With every declared label present, an undeclared one can
    // only hide in a labels object with more keys than declared.
    if (labels !== undefined && (missing || hasMore(labels, depth)) && hasUnknown(labels)) return "unknown_label";
    return missing ? complete(labels) : (labels ?? noLabels);
  };

  function insert(from: Node, level: number, labels: Labels | undefined): void {
    let node = from;
    for (let i = level; i < depth; i++) {
      const raw = labels?.[names[i] as string];
      const value = raw === undefined ? "" : String(raw);
      if (i === depth - 1) {
        node.set(value, true);
        return;
      }
      const child = (node.get(value) as Node | undefined) ?? new Map<string, Node | true>();
      node.set(value, child);
      node = child;
    }
  }
}

function hasMore(labels: Labels, depth: number): boolean {
  let n = 0;
  for (const _ in labels) if (++n > depth) return true;
  return false;
}
