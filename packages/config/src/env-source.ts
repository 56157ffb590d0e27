import type { ValidationIssue } from "@hexkit/core";
import { didYouMean } from "./levenshtein.js";
import type { EnvNaming } from "./env-names.js";
import { envSegment, fileSuffix } from "./env-names.js";
import type { ConfigPath } from "./paths.js";
import type { AnySchema } from "./schema-walk.js";
import { unwrap } from "./schema-walk.js";

/** One variable that sets a setting: its value, or a file to read it from. */
export interface EnvEntry {
  readonly name: string;
  readonly path: ConfigPath;
  readonly schema: AnySchema;
  readonly raw: string;
  /** True for `*_FILE` variables: `raw` is a path to read the value from. */
  readonly isFile: boolean;
}

type Resolution =
  | { readonly ok: true; readonly path: ConfigPath; readonly schema: AnySchema }
  | { readonly ok: false; readonly path: ConfigPath; readonly failedAt: number; readonly siblings: readonly string[] };

function resolveSegments(root: AnySchema, segments: readonly string[]): Resolution {
  let schema = root;
  const path: (string | number)[] = [];
  for (const [index, segment] of segments.entries()) {
    const { node } = unwrap(schema);
    const upper = segment.toUpperCase();
    let next: AnySchema | undefined;
    let key: string | number | undefined;
    let siblings: string[] = [];
    if (node.kind === "object") {
      siblings = Object.keys(node.shape).map(envSegment);
      key = Object.keys(node.shape).find((k) => envSegment(k) === upper);
      next = key === undefined ? undefined : node.shape[key];
    } else if (node.kind === "array" && /^\d+$/.test(segment)) {
      key = Number(segment);
      next = node.element;
    } else if (node.kind === "record" && segment !== "") {
      // Record keys cannot be recovered from an upper-case name; lower case is the documented rule.
      key = segment.toLowerCase();
      next = node.value;
    }
    if (next === undefined || key === undefined) return { ok: false, path, failedAt: index, siblings };
    path.push(key);
    schema = next;
  }
  return { ok: true, path, schema };
}

/**
 * Finds every variable that starts with the prefix and separator, and maps it
 * to a setting. A name that matches no setting is an issue (with a suggestion):
 * a typo in a variable must not be silently ignored. `X_FILE` names a file
 * that holds the value of `X`; setting both is an issue too.
 */
export function readEnvEntries(
  schema: AnySchema,
  env: Readonly<Record<string, string | undefined>>,
  naming: EnvNaming,
): { entries: EnvEntry[]; issues: ValidationIssue[] } {
  const start = naming.prefix + naming.separator;
  const entries: EnvEntry[] = [];
  const issues: ValidationIssue[] = [];
  const names = Object.keys(env)
    .filter((name) => name.startsWith(start) && env[name] !== undefined)
    .sort();
  for (const name of names) {
    const raw = env[name] ?? "";
    const segments = name.slice(start.length).split(naming.separator);
    const direct = resolveSegments(schema, segments);
    if (direct.ok) {
      entries.push({ name, path: direct.path, schema: direct.schema, raw, isFile: false });
      continue;
    }
    const last = segments[segments.length - 1] ?? "";
    if (last.toUpperCase().endsWith(fileSuffix) && last.length > fileSuffix.length) {
      const stripped = [...segments.slice(0, -1), last.slice(0, -fileSuffix.length)];
      const viaFile = resolveSegments(schema, stripped);
      if (viaFile.ok) {
        entries.push({ name, path: viaFile.path, schema: viaFile.schema, raw, isFile: true });
        continue;
      }
    }
    const prefix = [naming.prefix, ...segments.slice(0, direct.failedAt)].join(naming.separator);
    const suggestion = didYouMean(segments[direct.failedAt] ?? "", direct.siblings);
    const hint = suggestion === undefined ? "" : `; did you mean ${prefix}${naming.separator}${suggestion}?`;
    issues.push({
      path: [...direct.path, (segments[direct.failedAt] ?? "").toLowerCase()],
      code: "unknown_key",
      message: `Unknown setting ${name}${hint}`,
      source: name,
    });
  }
  const byPath = new Map<string, EnvEntry[]>();
  for (const entry of entries) {
    const key = JSON.stringify(entry.path);
    byPath.set(key, [...(byPath.get(key) ?? []), entry]);
  }
  const conflicting = new Set<EnvEntry>();
  for (const group of byPath.values()) {
    if (group.length < 2) continue;
    for (const entry of group) conflicting.add(entry);
    issues.push({
      path: group[0]?.path ?? [],
      code: "conflicting_sources",
      message: `Both ${group.map((e) => e.name).join(" and ")} are set; set only one`,
      source: group.map((e) => e.name).join(", "),
    });
  }
  // Shallow settings first, so that a deeper variable wins over a JSON mapping above it.
  const kept = entries.filter((e) => !conflicting.has(e)).sort((a, b) => a.path.length - b.path.length);
  return { entries: kept, issues };
}
