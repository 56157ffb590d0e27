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

/** Builds the guard of one instrument. `maxLabelSets` counts distinct label sets, the empty set included. */
export function createLabelGuard(labelNames: readonly string[], maxLabelSets: number): LabelGuard {
  const declared = new Set(labelNames);
  const seen = new Set<string>();
  const complete = (labels: Labels | undefined): AdmittedLabels => {
    const out: Record<string, string | number> = {};
    for (const name of labelNames) out[name] = labels?.[name] ?? "";
    return out;
  };
  const allMissing = complete(undefined);

  return (labels) => {
    let present = 0;
    if (labels !== undefined) {
      for (const name in labels) {
        if (!declared.has(name)) return "unknown_label";
        if (labels[name] !== undefined) present++;
      }
    }
    let key = "";
    for (const name of labelNames) key += `${labels?.[name] ?? ""}\u0000`;
    if (!seen.has(key)) {
      if (seen.size >= maxLabelSets) return "label_set_limit";
      seen.add(key);
    }
    if (present === labelNames.length) return labels ?? allMissing;
    return present === 0 ? allMissing : complete(labels);
  };
}
