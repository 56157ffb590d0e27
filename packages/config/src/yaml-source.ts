import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } from "yaml";
import type { Document, Node as YamlNode } from "yaml";
import type { ValidationIssue } from "@hexkit/core";
import type { ValueSource } from "./value-source.js";

/** A parsed config file that can say where each value sits in it. */
export interface YamlSource {
  /** The file's settings (a mapping; `{}` for an empty file). */
  readonly data: Record<string, unknown>;
  /** Name used in sources, e.g. `config.yaml`. */
  readonly display: string;
  /** Position of the value (or, with `"key"`, of the key) at `path`, or of its nearest ancestor present in the file. */
  position(path: readonly (string | number)[], at?: "key" | "value"): ValueSource | undefined;
}

/** What a YAML problem looks like before it becomes an issue. */
function syntaxIssue(display: string, message: string, line: number, column: number): ValidationIssue {
  // yaml appends " at line L, column C:" and a code frame; we keep only the sentence.
  const sentence = message.split(/ at line \d+, column \d+/)[0] ?? message;
  return { path: [], code: "yaml_syntax", message: `Malformed YAML: ${sentence}`, source: `${display}:${line}:${column}` };
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return typeof value === "string" ? "a string" : `a ${typeof value}`;
}

/**
 * Parses config file text. Answers every syntax error (with line and column)
 * when the text is not valid YAML, or when its top level is not a mapping.
 */
export function parseYamlSource(text: string, display: string): { ok: YamlSource } | { issues: ValidationIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error) => {
      const at = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
      return syntaxIssue(display, error.message, at.line, at.col);
    });
    return { issues };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    // Unresolved or excessive aliases are only found while building values.
    const message = cause instanceof Error ? cause.message : String(cause);
    return { issues: [{ path: [], code: "yaml_syntax", message: `Malformed YAML: ${message}`, source: display }] };
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== "object" || Array.isArray(data)) {
    return {
      issues: [
        {
          path: [],
          code: "yaml_not_mapping",
          message: `The config file must contain a mapping of settings at the top level, found ${kindOf(data)}`,
          source: `${display}:1:1`,
        },
      ],
    };
  }
  return { ok: { data: data as Record<string, unknown>, display, position: locator(doc, lineCounter, display) } };
}

function locator(doc: Document, lineCounter: LineCounter, display: string): YamlSource["position"] {
  const toSource = (offset: number): ValueSource => {
    const { line, col } = lineCounter.linePos(offset);
    return { kind: "file", file: display, line, column: col };
  };
  return (path, at = "value") => {
    let node: unknown = doc.contents;
    let found: ValueSource | undefined;
    for (const [index, key] of path.entries()) {
      let next: unknown;
      let keyNode: YamlNode | undefined;
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key));
        if (pair === undefined) break;
        keyNode = isScalar(pair.key) ? pair.key : undefined;
        next = pair.value;
      } else if (isSeq(node) && typeof key === "number") {
        next = node.items[key];
        if (next === undefined) break;
      } else {
        break;
      }
      const last = index === path.length - 1;
      const target = last && at === "key" && keyNode !== undefined ? keyNode : (next as YamlNode | null) ?? keyNode;
      if (target?.range) found = toSource(target.range[0]);
      node = next;
    }
    return found;
  };
}
