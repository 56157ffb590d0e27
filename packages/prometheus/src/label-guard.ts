import type { Labels } from "@hexkit/core";

/** Why a record was not passed on. */
export type Rejection = "unknown_label" | "label_set_limit";

/** A label set that may be recorded: every declared label present (missing ones as `""`), nothing else. */
export type AdmittedLabels = Readonly<Record<string, string | number>>;

/**
 * Finds, per record, what a label set's numbers are kept in (its "series"),
 * creating it on first sight, or says why the record may not be taken. It
 * admits label sets it has seen before and new ones until `maxLabelSets`
 * distinct sets exist; after that, new sets are refused (known ones keep
 * working), which is what keeps a raw path or an id in a label from growing
 * memory and the scrape without bound. Labels not declared are refused too.
 * A declared label that is missing is recorded as `""`, which Prometheus
 * reads as "no label", so every series of a metric has the same label names.
 */
export interface LabelIndex<S> {
  (labels: Labels | undefined): S | Rejection;
  /** Forgets every label set (and the count towards the cap). */
  clear(): void;
}

// Known label sets live in a tree with one level per declared label, keyed by
// the label's value, with the series at the leaves. A record walks it with the
// caller's own value strings, whose hashes V8 caches, instead of building and
// hashing a joined key per record: this is the hot path of every counter and
// histogram. A frozen labels object (which cannot change between calls) seen
// last is answered by identity, without the walk: callers on a hot path keep
// one frozen object per label set (see @hexkit/fastify's RED metrics).
type Node = Map<string, unknown>;

const keyOf = (raw: string | number | undefined): string => (raw === undefined ? "" : typeof raw === "string" ? raw : String(raw));

/**
 * Builds the index of one instrument; `make` creates the series of a newly
 * admitted label set (given a frozen copy with every declared label).
 * `maxLabelSets` counts distinct label sets, the empty set included.
 */
export function createLabelIndex<S>(labelNames: readonly string[], maxLabelSets: number, make: (labels: AdmittedLabels) => S): LabelIndex<S> {
  const names = [...labelNames];
  const depth = names.length;
  const declared = new Set(names);
  let root: Node = new Map();
  let count = 0;
  let unlabelled: S | undefined;
  let lastLabels: Labels | undefined;
  let lastSeries: S | undefined;

  const hasUnknown = (labels: Labels): boolean => {
    for (const name in labels) if (!declared.has(name)) return true;
    return false;
  };
  const complete = (labels: Labels | undefined): AdmittedLabels => {
    const out: Record<string, string | number> = {};
    for (const name of names) out[name] = labels?.[name] ?? "";
    return Object.freeze(out);
  };

  function admit(labels: Labels | undefined): S | Rejection {
    if (labels !== undefined && hasUnknown(labels)) return "unknown_label";
    if (count >= maxLabelSets) return "label_set_limit";
    count++;
    const series = make(complete(labels));
    let node = root;
    for (let i = 0; i < depth - 1; i++) {
      const key = keyOf(labels?.[names[i] as string]);
      let child = node.get(key) as Node | undefined;
      if (child === undefined) node.set(key, (child = new Map()));
      node = child;
    }
    node.set(keyOf(labels?.[names[depth - 1] as string]), series);
    return series;
  }

  const index = (labels: Labels | undefined): S | Rejection => {
    if (depth === 0) {
      if (labels !== undefined) for (const _ in labels) return "unknown_label";
      if (unlabelled !== undefined) return unlabelled;
      const made = admit(undefined);
      if (typeof made !== "string") unlabelled = made;
      return made;
    }
    if (labels === lastLabels && labels !== undefined) return lastSeries as S;
    let node = root;
    let missing = false;
    let found: unknown;
    for (let i = 0; i < depth; i++) {
      const raw = labels?.[names[i] as string];
      if (raw === undefined) missing = true;
      found = node.get(keyOf(raw));
      if (found === undefined) return admit(labels);
      node = found as Node;
    }
    // A known set. With every declared label present, an undeclared one can
    // only hide in a labels object with more keys than declared.
    if (labels !== undefined && (missing || hasMore(labels, depth)) && hasUnknown(labels)) return "unknown_label";
    if (labels !== undefined && Object.isFrozen(labels)) {
      lastLabels = labels;
      lastSeries = found as S;
    }
    return found as S;
  };
  index.clear = (): void => {
    root = new Map();
    count = 0;
    unlabelled = undefined;
    lastLabels = undefined;
    lastSeries = undefined;
  };
  return index;
}

/** An index whose series is the admitted label set itself: decides whether a record may be passed to prom-client, and with which labels. */
export type LabelGuard = LabelIndex<AdmittedLabels>;

/** Builds the guard of one prom-client instrument (gauges). */
export function createLabelGuard(labelNames: readonly string[], maxLabelSets: number): LabelGuard {
  return createLabelIndex(labelNames, maxLabelSets, (labels) => labels);
}

function hasMore(labels: Labels, depth: number): boolean {
  let n = 0;
  for (const _ in labels) if (++n > depth) return true;
  return false;
}
