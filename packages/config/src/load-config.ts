import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Result, ValidationIssue } from "@hexkit/core";
import { err, ok, validationError } from "@hexkit/core";
import type { ValidationError } from "@hexkit/core";
import type { z } from "zod";
import { findConfigFile, readConfigFile, readSecretFile, displayPath } from "./config-file.js";
import type { ConfigFileRef } from "./config-file.js";
import { coerceText } from "./coerce.js";
import type { EnvNaming } from "./env-names.js";
import { defaultEnvNaming } from "./env-names.js";
import { readEnvEntries } from "./env-source.js";
import { toValidationIssues } from "./issues.js";
import { didYouMean } from "./levenshtein.js";
import type { ConfigPath } from "./paths.js";
import { cloneData, getAt, setAt } from "./paths.js";
import type { AnySchema } from "./schema-walk.js";
import { schemaAt, unwrap } from "./schema-walk.js";
import type { ValueSource } from "./value-source.js";
import { describeSource, pathKey } from "./value-source.js";
import type { YamlSource } from "./yaml-source.js";
import { parseYamlSource } from "./yaml-source.js";

/** Where to look for configuration. Every field has a default taken from the process. */
export interface LoadConfigOptions {
  /** Command-line arguments, searched for `--config <path>` / `--config=<path>` / `-c <path>`. Default `process.argv.slice(2)`. */
  readonly argv?: readonly string[];
  /** Environment variables. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Directory that relative paths are resolved against. Default `process.cwd()`. */
  readonly cwd?: string;
  /** Config file to read; wins over `--config` and the variable. Must exist. */
  readonly configPath?: string;
  /** Prefix of setting variables (without separator). Default `HEXKIT`. */
  readonly envPrefix?: string;
  /** Separator between prefix and segments. Default `__`. */
  readonly envSeparator?: string;
  /** Variable holding the config file path. Default `<envPrefix>_CONFIG` (`HEXKIT_CONFIG`). */
  readonly configEnvVar?: string;
  /** File read when no path is given; may be absent. Default `config.yaml`. */
  readonly defaultConfigFile?: string;
}

/** A setting whose value was read from a file, so that it can be read again on rotation. */
export interface SecretFileRef {
  readonly path: ConfigPath;
  /** Absolute path of the file. */
  readonly file: string;
  /** The variable or file position that named the file. */
  readonly via: string;
  readonly schema: AnySchema;
}

/** A loaded config and how it came to be. */
export interface ResolvedConfig<C> {
  /** The validated config (zod's output: defaults applied, transforms run). */
  readonly value: C;
  readonly schema: AnySchema;
  /** The config file that was read, if any. */
  readonly configFile: ConfigFileRef | undefined;
  /** Where the value at a path (or its nearest ancestor) came from; `default` when from the schema. */
  sourceOf(path: ConfigPath): ValueSource | undefined;
  /** Settings read from files, re-read by `watchSecrets`. */
  readonly secretFiles: readonly SecretFileRef[];
  readonly naming: EnvNaming;
}

function resolveReference(reference: string, baseDir: string): string {
  const target = reference.slice("file:".length);
  return target.startsWith("//") ? fileURLToPath(reference) : resolve(baseDir, target);
}

/**
 * Inserts `{}` for absent required sections (and for empty ones, which YAML
 * reads as null), so that their missing settings are reported one by one and
 * a section whose settings all have defaults may be left out.
 */
function fillSections(schema: AnySchema, data: Record<string, unknown>): void {
  const { node } = unwrap(schema);
  if (node.kind !== "object") return;
  for (const [key, child] of Object.entries(node.shape)) {
    const inner = unwrap(child);
    if (inner.node.kind !== "object") continue;
    const value = data[key];
    // `server:` with every setting under it commented out is null in YAML; it means "all defaults".
    if ((value === undefined && !inner.optional && !inner.nullable) || (value === null && !inner.nullable)) data[key] = {};
    const filled = data[key];
    if (typeof filled === "object" && filled !== null && !Array.isArray(filled)) fillSections(child, filled as Record<string, unknown>);
  }
}

function findUnknownKeys(
  schema: AnySchema,
  value: unknown,
  path: ConfigPath,
  report: (path: ConfigPath, key: string, suggestion: string | undefined) => void,
): void {
  if (typeof value !== "object" || value === null) return;
  const { node } = unwrap(schema);
  if (node.kind === "object" && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      const childSchema = Object.hasOwn(node.shape, key) ? node.shape[key] : undefined;
      if (childSchema !== undefined) findUnknownKeys(childSchema, child, [...path, key], report);
      else if (node.unknownKeys === "reject") report([...path, key], key, didYouMean(key, Object.keys(node.shape)));
    }
  } else if (node.kind === "array" && Array.isArray(value)) {
    value.forEach((item: unknown, index) => {
      findUnknownKeys(node.element, item, [...path, index], report);
    });
  } else if (node.kind === "record" && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) findUnknownKeys(node.value, child, [...path, key], report);
  }
}

/**
 * Loads `config.yaml`, overlays environment variables, reads secret files,
 * and validates the result against `schema`. Answers every problem at once,
 * each with its path and where its value came from. Synchronous: it runs once
 * at start-up, before anything else is wired.
 */
export function resolveConfig<S extends z.ZodType>(
  schema: S,
  options: LoadConfigOptions = {},
): Result<ResolvedConfig<z.output<S>>, ValidationError> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const naming: EnvNaming = {
    prefix: options.envPrefix ?? defaultEnvNaming.prefix,
    separator: options.envSeparator ?? defaultEnvNaming.separator,
  };
  const fileRef = findConfigFile({
    cwd,
    argv: options.argv ?? process.argv.slice(2),
    env,
    configPath: options.configPath,
    configEnvVar: options.configEnvVar ?? `${naming.prefix}_CONFIG`,
    defaultFile: options.defaultConfigFile ?? "config.yaml",
  });
  const issues: ValidationIssue[] = [];
  let yaml: YamlSource | undefined;
  let yamlBroken = false;
  const read = readConfigFile(fileRef);
  if ("issue" in read) {
    issues.push(read.issue);
    yamlBroken = true;
  } else if (read.text !== undefined) {
    const parsed = parseYamlSource(read.text, fileRef.display);
    if ("issues" in parsed) {
      issues.push(...parsed.issues);
      yamlBroken = true;
    } else {
      yaml = parsed.ok;
    }
  }
  const configFile = yaml === undefined ? undefined : fileRef;
  const data: Record<string, unknown> = yaml === undefined ? {} : cloneData(yaml.data);
  const overrides = new Map<string, ValueSource>();
  const secretFiles: SecretFileRef[] = [];

  const readFileValue = (path: ConfigPath, file: string, via: string, at: string): void => {
    const leaf = schemaAt(schema, path);
    const content = readSecretFile(file);
    if ("error" in content) {
      issues.push({ path, code: "secret_file_unreadable", message: content.error, source: at });
      return;
    }
    setAt(data, path, coerceText(leaf, content.value));
    const displayFile = displayPath(cwd, file);
    overrides.set(pathKey(path), { kind: "secret-file", file: displayFile, via });
    if (leaf !== undefined) secretFiles.push({ path, file, via, schema: leaf });
  };

  // `file:` references in the YAML, resolved against the file's own directory.
  const visit = (value: unknown, path: ConfigPath): void => {
    if (typeof value === "string" && value.startsWith("file:") && yaml !== undefined) {
      const position = yaml.position(path);
      const at = position === undefined ? fileRef.display : describeSource(position);
      readFileValue(path, resolveReference(value, dirname(fileRef.file)), at, at);
    } else if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => {
        visit(item, [...path, index]);
      });
    } else if (typeof value === "object" && value !== null && !(value instanceof Date)) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    }
  };
  visit(data, []);

  const fromEnv = readEnvEntries(schema, env, naming);
  issues.push(...fromEnv.issues);
  for (const entry of fromEnv.entries) {
    if (entry.isFile) {
      readFileValue(entry.path, resolve(cwd, entry.raw), entry.name, entry.name);
    } else {
      setAt(data, entry.path, coerceText(entry.schema, entry.raw));
      overrides.set(pathKey(entry.path), { kind: "env", name: entry.name });
    }
  }

  const sourceOf = (path: ConfigPath): ValueSource | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const found = overrides.get(pathKey(path.slice(0, depth)));
      if (found !== undefined) return found;
    }
    if (getAt(yaml?.data, path).present) return yaml?.position(path);
    return getAt(data, path).present ? undefined : { kind: "default" };
  };

  findUnknownKeys(schema, data, [], (path, key, suggestion) => {
    const overridden = sourceOf(path);
    const source = overridden?.kind === "env" ? overridden : (yaml?.position(path, "key") ?? overridden);
    const hint = suggestion === undefined ? "" : `; did you mean "${suggestion}"?`;
    const issue = { path, code: "unknown_key", message: `Unknown setting "${key}"${hint}` };
    issues.push(source === undefined ? issue : { ...issue, source: describeSource(source) });
  });

  // A broken file means its settings are unknown: validating the rest would
  // only add noise about settings that are probably in the file.
  if (!yamlBroken) {
    fillSections(schema, data);
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      issues.push(
        ...toValidationIssues(parsed.error.issues, {
          schema,
          data,
          naming,
          fileDisplay: configFile?.display,
          sourceOf: (path) => {
            const source = sourceOf(path);
            return source === undefined ? undefined : describeSource(source);
          },
        }),
      );
    } else if (issues.length === 0) {
      return ok({ value: parsed.data, schema, configFile, sourceOf, secretFiles, naming });
    }
  }
  return err(validationError(issues, configErrorMessage(issues)));
}

function configErrorMessage(issues: readonly ValidationIssue[]): string {
  return issues.length === 1 ? "Invalid configuration: 1 problem" : `Invalid configuration: ${issues.length} problems`;
}

/**
 * Loads and validates the config (see `resolveConfig`) and answers only the
 * value: `Ok(config)` or `Err(ValidationError)` listing every problem.
 */
export function loadConfig<S extends z.ZodType>(schema: S, options: LoadConfigOptions = {}): Result<z.output<S>, ValidationError> {
  return resolveConfig(schema, options).map((resolved) => resolved.value);
}
