import { z } from "zod";

/** Any zod 4 schema (classic or mini). */
export type AnySchema = z.core.$ZodType;

/** What a schema looks like once its wrappers (optional, default, pipe, …) are peeled off. */
export type SchemaNode =
  | { readonly kind: "object"; readonly shape: Readonly<Record<string, AnySchema>>; readonly unknownKeys: "reject" | "allow" }
  | { readonly kind: "record"; readonly value: AnySchema }
  | { readonly kind: "array"; readonly element: AnySchema }
  | { readonly kind: "string" | "number" | "boolean" | "bigint" | "date" | "null" }
  | { readonly kind: "enum"; readonly values: readonly (string | number)[] }
  | { readonly kind: "literal"; readonly values: readonly unknown[] }
  | { readonly kind: "union"; readonly options: readonly AnySchema[] }
  | { readonly kind: "unknown" };

/** A schema with its wrappers peeled off, and what the wrappers said. */
export interface Unwrapped {
  readonly schema: AnySchema;
  readonly node: SchemaNode;
  /** `undefined` is accepted (optional, or has a default). */
  readonly optional: boolean;
  readonly nullable: boolean;
  readonly hasDefault: boolean;
  readonly defaultValue?: unknown;
  /** Marked with `secret()` or `.meta({ secret: true })` on any layer. */
  readonly secret: boolean;
  readonly description?: string;
}

interface Def {
  readonly type: string;
  readonly [key: string]: unknown;
}

const defOf = (schema: AnySchema): Def => schema._zod.def as unknown as Def;

function metaOf(schema: AnySchema): Readonly<Record<string, unknown>> | undefined {
  return z.globalRegistry.get(schema);
}

// Bounded so that a self-referencing lazy schema cannot loop forever.
const maxWrapperDepth = 64;

/** Peels wrappers off `schema`, collecting optionality, defaults, secrecy and description on the way. */
export function unwrap(schema: AnySchema): Unwrapped {
  let current = schema;
  let optional = false;
  let nullable = false;
  let hasDefault = false;
  let defaultValue: unknown;
  let secret = false;
  let description: string | undefined;
  for (let depth = 0; depth < maxWrapperDepth; depth++) {
    const meta = metaOf(current);
    if (meta?.["secret"] === true) secret = true;
    if (description === undefined && typeof meta?.["description"] === "string") description = meta["description"];
    const def = defOf(current);
    let next: AnySchema | undefined;
    switch (def.type) {
      case "optional":
        optional = true;
        next = def["innerType"] as AnySchema;
        break;
      case "nullable":
        nullable = true;
        next = def["innerType"] as AnySchema;
        break;
      case "default":
      case "prefault":
        if (!hasDefault) {
          hasDefault = true;
          optional = true;
          defaultValue = def["defaultValue"];
        }
        next = def["innerType"] as AnySchema;
        break;
      case "catch":
      case "readonly":
      case "nonoptional":
        next = def["innerType"] as AnySchema;
        break;
      case "lazy":
        next = (def["getter"] as () => AnySchema)();
        break;
      case "pipe": {
        // The input side decides what the config may contain; a transform has no
        // shape of its own, so look through it to the schema after it.
        const input = def["in"] as AnySchema;
        next = defOf(input).type === "transform" ? (def["out"] as AnySchema) : input;
        break;
      }
      default:
        next = undefined;
    }
    if (next === undefined) break;
    current = next;
  }
  const result: Unwrapped = { schema: current, node: nodeOf(current), optional, nullable, hasDefault, secret };
  return {
    ...result,
    ...(hasDefault ? { defaultValue } : {}),
    ...(description === undefined ? {} : { description }),
  };
}

function nodeOf(schema: AnySchema): SchemaNode {
  const def = defOf(schema);
  switch (def.type) {
    case "object": {
      const catchall = def["catchall"] as AnySchema | undefined;
      const allows = catchall !== undefined && defOf(catchall).type !== "never";
      return { kind: "object", shape: def["shape"] as Record<string, AnySchema>, unknownKeys: allows ? "allow" : "reject" };
    }
    case "record":
      return { kind: "record", value: def["valueType"] as AnySchema };
    case "array":
      return { kind: "array", element: def["element"] as AnySchema };
    case "string":
    case "number":
    case "boolean":
    case "bigint":
    case "date":
    case "null":
      return { kind: def.type };
    case "enum":
      return { kind: "enum", values: Object.values(def["entries"] as Record<string, string | number>) };
    case "literal":
      return { kind: "literal", values: def["values"] as unknown[] };
    case "union":
      return { kind: "union", options: def["options"] as AnySchema[] };
    default:
      return { kind: "unknown" };
  }
}

/** The schema of the child at `key` (an object key, array index or record key), if the schema knows it. */
export function childSchema(parent: AnySchema, key: string | number): AnySchema | undefined {
  const { node } = unwrap(parent);
  switch (node.kind) {
    case "object":
      return typeof key === "string" && Object.hasOwn(node.shape, key) ? node.shape[key] : undefined;
    case "record":
      return node.value;
    case "array":
      return node.element;
    default:
      return undefined;
  }
}

/** The schema at `path` under `root`, or undefined where the path leaves what the schema describes. */
export function schemaAt(root: AnySchema, path: readonly (string | number)[]): AnySchema | undefined {
  let current: AnySchema | undefined = root;
  for (const key of path) {
    if (current === undefined) return undefined;
    current = childSchema(current, key);
  }
  return current;
}

/** True when the value at `path`, or any section that contains it, is marked secret. */
export function isSecretPath(root: AnySchema, path: readonly (string | number)[]): boolean {
  let current: AnySchema = root;
  if (unwrap(root).secret) return true;
  for (const key of path) {
    const child = childSchema(current, key);
    if (child === undefined) return false;
    current = child;
    if (unwrap(current).secret) return true;
  }
  return false;
}
