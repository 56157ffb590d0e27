import { Document, isMap, isPair, isScalar, isSeq } from "yaml";
import type { ResolvedConfig } from "./load-config.js";
import type { ConfigPath } from "./paths.js";
import type { AnySchema } from "./schema-walk.js";
import { childSchema, unwrap } from "./schema-walk.js";
import { describeSourceLong } from "./value-source.js";

/** What secrets are replaced with. */
export const redactedText = "[redacted]";

/** Options of `printConfig`. */
export interface PrintConfigOptions {
  /** `yaml` (default) or `json`. */
  readonly format?: "yaml" | "json";
  /** In YAML, end each value's line with a comment naming its source. Default true. */
  readonly sources?: boolean;
}

/** A copy of `value` with every secret setting replaced by `[redacted]`. */
export function redactConfig(value: unknown, schema: AnySchema | undefined): unknown {
  if (schema !== undefined && unwrap(schema).secret) return value === undefined || value === null ? value : redactedText;
  if (Array.isArray(value)) return value.map((item: unknown, index) => redactConfig(item, schema && childSchema(schema, index)));
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactConfig(item, schema && childSchema(schema, key))]),
    );
  }
  return value;
}

function annotate(node: unknown, path: ConfigPath, resolved: ResolvedConfig<unknown>): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      annotateChild(pair.value, [...path, key], resolved);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      annotateChild(item, [...path, index], resolved);
    });
  }
}

function annotateChild(node: unknown, path: ConfigPath, resolved: ResolvedConfig<unknown>): void {
  if (isScalar(node)) {
    const source = resolved.sourceOf(path);
    if (source !== undefined) node.comment = ` ${describeSourceLong(source)}`;
  } else {
    annotate(node, path, resolved);
  }
}

/**
 * The effective config as text, secrets shown as `[redacted]`. In YAML each
 * value carries a comment with its source: `config.yaml:3:8`, a variable's
 * name, a secret file (and what named it), or `default`.
 */
export function printConfig(resolved: ResolvedConfig<unknown>, options: PrintConfigOptions = {}): string {
  const redacted = redactConfig(resolved.value, resolved.schema);
  if (options.format === "json") return JSON.stringify(redacted, null, 2) + "\n";
  const doc = new Document(redacted);
  if (options.sources !== false) annotate(doc.contents, [], resolved);
  return doc.toString();
}
