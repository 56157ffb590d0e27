import type { z } from "zod";
import type { EnvNaming } from "./env-names.js";
import { defaultEnvNaming, envSegment, fileSuffix } from "./env-names.js";
import type { JsonSchema } from "./json-schema.js";
import { configJsonSchema } from "./json-schema.js";

/** Options of the Markdown reference. */
export interface MarkdownReferenceOptions {
  /** Prefix of setting variables. Default `HEXKIT`. */
  readonly envPrefix?: string;
  /** Separator between prefix and segments. Default `__`. */
  readonly envSeparator?: string;
  /** Heading of the document. Default `Configuration reference`. */
  readonly title?: string;
  /** Name of the config file in the introduction. Default `config.yaml`. */
  readonly fileName?: string;
}

interface Row {
  readonly setting: string;
  readonly type: string;
  readonly defaultValue: string;
  readonly env: string;
  readonly description: string;
}

type Segment = { readonly key: string } | { readonly index: true } | { readonly anyKey: true };

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;
const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function settingName(segments: readonly Segment[]): string {
  let out = "";
  for (const segment of segments) {
    if ("index" in segment) out += "[]";
    else if ("anyKey" in segment) out += out === "" ? "<key>" : ".<key>";
    else out += out === "" ? segment.key : `.${segment.key}`;
  }
  return out;
}

function envName(segments: readonly Segment[], naming: EnvNaming): string {
  const parts = segments.map((s) => ("index" in s ? "<N>" : "anyKey" in s ? "<KEY>" : envSegment(s.key)));
  return [naming.prefix, ...parts].join(naming.separator);
}

function bounds(node: JsonSchema, unit: string): string {
  const parts: string[] = [];
  // zod's int() adds the safe-integer range, which tells a reader nothing.
  const unsafe = (n: unknown) => n === Number.MAX_SAFE_INTEGER || n === Number.MIN_SAFE_INTEGER;
  const rawMin = node["minimum"] ?? node["minLength"] ?? node["minItems"];
  const rawMax = node["maximum"] ?? node["maxLength"] ?? node["maxItems"];
  const min = unsafe(rawMin) ? undefined : rawMin;
  const max = unsafe(rawMax) ? undefined : rawMax;
  const exMin = node["exclusiveMinimum"];
  const exMax = node["exclusiveMaximum"];
  if (typeof min === "number" && typeof max === "number") parts.push(`${min}–${max}${unit}`);
  else if (typeof min === "number") parts.push(`≥ ${min}${unit}`);
  else if (typeof max === "number") parts.push(`≤ ${max}${unit}`);
  if (typeof exMin === "number") parts.push(`> ${exMin}`);
  if (typeof exMax === "number") parts.push(`< ${exMax}`);
  return parts.length > 0 ? `, ${parts.join(", ")}` : "";
}

function describeType(node: JsonSchema): string {
  if (Array.isArray(node["enum"])) return `one of ${(node["enum"] as unknown[]).map((v) => code(JSON.stringify(v))).join(", ")}`;
  if ("const" in node) return code(JSON.stringify(node["const"]));
  const options = (node["anyOf"] ?? node["oneOf"]) as JsonSchema[] | undefined;
  if (Array.isArray(options)) return options.map(describeType).join(" or ");
  switch (node["type"]) {
    case "string": {
      const format = typeof node["format"] === "string" ? ` (${node["format"]})` : "";
      const pattern = typeof node["pattern"] === "string" ? ` matching ${code(node["pattern"])}` : "";
      return `string${format}${pattern}${bounds(node, " chars")}`;
    }
    case "integer":
    case "number":
      return `${node["type"]}${bounds(node, "")}`;
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "array": {
      const items = node["items"] as JsonSchema | undefined;
      return `list of ${items === undefined ? "values" : describeType(items)}${bounds(node, " items")}`;
    }
    case "object":
      return "mapping";
    default:
      return "any";
  }
}

function isSection(node: JsonSchema): boolean {
  return node["type"] === "object" && typeof node["properties"] === "object";
}

function collect(node: JsonSchema, segments: Segment[], required: boolean, naming: EnvNaming, rows: Row[]): void {
  if (isSection(node)) {
    const requiredKeys = new Set((node["required"] as string[] | undefined) ?? []);
    for (const [key, child] of Object.entries(node["properties"] as Record<string, JsonSchema>)) {
      collect(child, [...segments, { key }], requiredKeys.has(key), naming, rows);
    }
    return;
  }
  const items = node["items"] as JsonSchema | undefined;
  if (node["type"] === "array" && items !== undefined && isSection(items)) {
    collect(items, [...segments, { index: true }], true, naming, rows);
    return;
  }
  const values = node["additionalProperties"];
  if (node["type"] === "object" && typeof values === "object" && values !== null && isSection(values as JsonSchema)) {
    collect(values as JsonSchema, [...segments, { anyKey: true }], true, naming, rows);
    return;
  }
  const secret = node["secret"] === true;
  const env = envName(segments, naming);
  const defaultValue = "default" in node ? code(JSON.stringify(node["default"])) : required ? "**required**" : "—";
  rows.push({
    setting: code(settingName(segments)),
    type: `${describeType(node)}${secret ? ", **secret**" : ""}`,
    defaultValue,
    env: secret ? `${code(env)} or ${code(env + fileSuffix)}` : code(env),
    description: typeof node["description"] === "string" ? node["description"] : "",
  });
}

/**
 * A Markdown reference of every setting in `schema`: its name, type and
 * bounds, default (or **required**), environment variable (and `_FILE`
 * variable for secrets) and description (from `.describe()` / `.meta()`).
 */
export function configMarkdownReference(schema: z.ZodType, options: MarkdownReferenceOptions = {}): string {
  const naming: EnvNaming = {
    prefix: options.envPrefix ?? defaultEnvNaming.prefix,
    separator: options.envSeparator ?? defaultEnvNaming.separator,
  };
  const rows: Row[] = [];
  collect(configJsonSchema(schema, { keepRequired: true }), [], true, naming, rows);
  const file = options.fileName ?? "config.yaml";
  const sep = naming.separator;
  const lines = [
    `# ${options.title ?? "Configuration reference"}`,
    "",
    `Settings are read from \`${file}\` (or the file named by \`--config\` or \`${naming.prefix}_CONFIG\`), ` +
      `then from environment variables, which win, then from secret files. A variable is the prefix \`${naming.prefix}\` ` +
      `and the setting's path in upper snake case, joined by \`${sep}\`; list items take their index (\`<N>\`) and mapping keys their name (\`<KEY>\`, read in lower case). ` +
      `A secret may instead be read from a file named by its \`${fileSuffix}\` variable, or by a \`file:/path\` value in \`${file}\`. ` +
      "Unknown settings are rejected.",
    "",
    "| Setting | Type | Default | Environment variable | Description |",
    "|---|---|---|---|---|",
    ...rows.map((r) => `| ${cell(r.setting)} | ${cell(r.type)} | ${cell(r.defaultValue)} | ${cell(r.env)} | ${cell(r.description)} |`),
  ];
  return lines.join("\n") + "\n";
}
