import type { ValidationIssue } from "@hexkit/core";
import type { z } from "zod";
import type { EnvNaming } from "./env-names.js";
import { envVarName, fileSuffix } from "./env-names.js";
import type { ConfigPath } from "./paths.js";
import { getAt } from "./paths.js";
import type { AnySchema } from "./schema-walk.js";
import { isSecretPath } from "./schema-walk.js";

/** What issue messages need to know about the load. */
export interface IssueContext {
  readonly schema: AnySchema;
  readonly data: unknown;
  readonly naming: EnvNaming;
  /** Display name of the config file, when one was read. */
  readonly fileDisplay: string | undefined;
  readonly sourceOf: (path: ConfigPath) => string | undefined;
}

const expectedNames: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "a boolean (true or false)",
  array: "a list",
  tuple: "a list",
  object: "a mapping",
  record: "a mapping",
  map: "a mapping",
  bigint: "an integer",
  date: "a date",
  null: "null",
  nan: "a number",
};

const formatNames: Readonly<Record<string, string>> = {
  url: "a valid URL",
  email: "a valid email address",
  uuid: "a valid UUID",
  guid: "a valid GUID",
  ipv4: "a valid IPv4 address",
  ipv6: "a valid IPv6 address",
  cidrv4: "a valid IPv4 range (CIDR)",
  cidrv6: "a valid IPv6 range (CIDR)",
  datetime: "an ISO 8601 date-time",
  date: "an ISO 8601 date",
  time: "an ISO 8601 time",
  duration: "an ISO 8601 duration",
  hostname: "a valid hostname",
  base64: "base64 text",
  base64url: "base64url text",
  jwt: "a JWT",
};

const maxShown = 60;

/** `"abc"`, `5`, `true`: a value as a person would write it, shortened. */
export function show(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > maxShown ? `${text.slice(0, maxShown - 1)}…` : text;
}

/** `a string ("abc")`, `a number (5)`, `a list`; without the value for secrets. */
export function describeReceived(value: unknown, secret: boolean): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "a date";
  switch (typeof value) {
    case "string":
      if (value === "") return "an empty string";
      return secret ? "a string" : `a string (${show(value)})`;
    case "number":
    case "boolean":
    case "bigint":
      return secret ? `a ${typeof value}` : `a ${typeof value} (${show(value)})`;
    case "object":
      return "a mapping";
    default:
      return `a ${typeof value}`;
  }
}

function sizeUnit(origin: string, amount: number | bigint): string {
  const plural = amount === 1 || amount === 1n ? "" : "s";
  if (origin === "string") return ` character${plural} long`;
  if (origin === "array" || origin === "set") return ` item${plural}`;
  if (origin === "file") return ` byte${plural}`;
  return "";
}

function sizeOf(origin: string, value: unknown): string {
  if (origin === "string" && typeof value === "string") return String(value.length);
  if (origin === "array" && Array.isArray(value)) return String(value.length);
  return show(value);
}

function rangeMessage(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall, value: unknown, secret: boolean): string {
  const big = issue.code === "too_big";
  const limit = issue.code === "too_big" ? issue.maximum : issue.minimum;
  const counted = issue.origin === "array" || issue.origin === "set";
  const sized = counted || issue.origin === "string" || issue.origin === "file";
  const verb = counted ? "have" : "be";
  let bound: string;
  if (issue.exact === true) bound = `Must ${verb} exactly ${limit}`;
  else if (sized || issue.inclusive !== false) bound = `Must ${verb} ${big ? "at most" : "at least"} ${limit}`;
  else bound = `Must be ${big ? "less than" : "greater than"} ${limit}`;
  const unit = sized ? sizeUnit(issue.origin, limit) : "";
  const received = secret && !sized ? "" : `, received ${sizeOf(issue.origin, value)}`;
  return `${bound}${unit}${received}`;
}

function missingMessage(path: ConfigPath, secret: boolean, ctx: IssueContext): string {
  const name = envVarName(path, ctx.naming);
  const where = ctx.fileDisplay ?? "the config file";
  const vars = secret ? `${name} or ${name}${fileSuffix}` : name;
  return `Missing required setting; set it in ${where} or with ${vars}`;
}

function messageFor(issue: z.core.$ZodIssue, path: ConfigPath, ctx: IssueContext): string {
  const { present, value } = getAt(ctx.data, path);
  const secret = isSecretPath(ctx.schema, path);
  if (!present && (issue.code === "invalid_type" || issue.code === "invalid_union" || issue.code === "invalid_value")) {
    return missingMessage(path, secret, ctx);
  }
  switch (issue.code) {
    case "invalid_type": {
      const expected = expectedNames[issue.expected] ?? issue.expected;
      return `Expected ${expected}, received ${describeReceived(value, secret)}`;
    }
    case "too_big":
    case "too_small":
      return rangeMessage(issue, value, secret);
    case "invalid_value": {
      const allowed = issue.values.map((v) => show(v));
      const expected = allowed.length === 1 ? allowed[0] ?? "" : `one of ${allowed.join(", ")}`;
      return secret ? `Expected ${expected}` : `Expected ${expected}, received ${show(value)}`;
    }
    case "invalid_format": {
      let expected = formatNames[issue.format] ?? `a valid ${issue.format}`;
      if (issue.format === "regex" && issue.pattern !== undefined) expected = `a string matching ${issue.pattern}`;
      if (issue.format === "starts_with") expected = `a string starting with ${show((issue as z.core.$ZodIssueStringStartsWith).prefix)}`;
      if (issue.format === "ends_with") expected = `a string ending with ${show((issue as z.core.$ZodIssueStringEndsWith).suffix)}`;
      if (issue.format === "includes") expected = `a string containing ${show((issue as z.core.$ZodIssueStringIncludes).includes)}`;
      return secret ? `Expected ${expected}` : `Expected ${expected}, received ${show(value)}`;
    }
    case "not_multiple_of":
      return secret ? `Must be a multiple of ${issue.divisor}` : `Must be a multiple of ${issue.divisor}, received ${show(value)}`;
    case "invalid_union":
      return `Does not match any allowed form, received ${describeReceived(value, secret)}`;
    case "invalid_key":
      return `Invalid key: ${issue.issues.map((i) => i.message).join("; ")}`;
    default:
      // Custom refinements: the application wrote the message for people already.
      return issue.message;
  }
}

/** Maps zod's issues to ours, with a message for a person and where the value came from. */
export function toValidationIssues(issues: readonly z.core.$ZodIssue[], ctx: IssueContext): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    // We report unknown keys ourselves, with suggestions and positions.
    if (issue.code === "unrecognized_keys") continue;
    const path = issue.path.filter((key): key is string | number => typeof key !== "symbol");
    const source = getAt(ctx.data, path).present ? ctx.sourceOf(path) : undefined;
    const base = { path, message: messageFor(issue, path, ctx), code: issue.code };
    out.push(source === undefined ? base : { ...base, source });
  }
  return out;
}
