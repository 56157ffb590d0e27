import { z } from "zod";
import type { SecurityScheme } from "./auth/authenticator.port.js";
import type { HttpRoute, ResponseSchemas, SuccessStatus } from "./route.js";
import type { HttpAppSettings } from "./options.js";

/**
 * The OpenAPI 3.1 document of an app, built from its route values: zod
 * schemas become JSON Schema 2020-12 (OpenAPI 3.1's dialect) through
 * `z.toJSONSchema`, request schemas as their input type and answers as their
 * output type. Every error answer is the one `Problem` schema.
 */
export type OpenApiDocument = Readonly<Record<string, unknown>>;

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  return rest;
}

/** `/items/:id` → `/items/{id}` (a regex constraint such as `:id(^\\d+)` is dropped). */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, "{$1}");
}

/** `GET /items/:id` → `getItemsById`. */
export function defaultOperationId(method: string, path: string): string {
  const words = path
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) => (s.startsWith(":") ? `by-${s.slice(1).replace(/\(.*$/, "")}` : s))
    .flatMap((s) => s.split(/[^A-Za-z0-9]+/))
    .filter((s) => s.length > 0);
  return [method.toLowerCase(), ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join("");
}

function parameters(schema: z.ZodType | undefined, location: "path" | "query" | "header"): JsonSchema[] {
  if (schema === undefined) return [];
  const json = toSchema(schema, "input");
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === "path" || required.has(name),
      schema: rest,
      ...(typeof description === "string" ? { description } : {}),
    };
  });
}

const problemRef = (description: string): JsonSchema => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

const successDescription: Record<SuccessStatus, string> = { 200: "OK", 201: "Created", 202: "Accepted", 204: "No Content" };

function successResponses(responses: ResponseSchemas): JsonSchema {
  const out: JsonSchema = {};
  for (const [status, schema] of Object.entries(responses) as [string, z.ZodType | null | undefined][]) {
    const description = successDescription[Number(status) as SuccessStatus];
    out[status] =
      schema === null || schema === undefined
        ? { description }
        : { description, content: { "application/json": { schema: toSchema(schema, "output") } } };
  }
  return out;
}

interface Features {
  readonly rateLimited: boolean;
  readonly securitySchemes: Readonly<Record<string, SecurityScheme>>;
}

function operation(route: HttpRoute, features: Features): JsonSchema {
  const s = route.schema;
  const errors: JsonSchema = {};
  if (s.body !== undefined) errors["400"] = problemRef("The body is not valid JSON (MalformedRequest)");
  if (route.auth !== "none") {
    errors["401"] = problemRef("Missing or invalid credentials (Unauthorized)");
    errors["403"] = problemRef("Not allowed for this principal (Forbidden)");
  }
  if (s.body !== undefined) {
    errors["413"] = problemRef("The body is over the size limit (PayloadTooLarge)");
    errors["415"] = problemRef("The body is not application/json (UnsupportedMediaType)");
  }
  if (s.params ?? s.query ?? s.headers ?? s.body) errors["422"] = problemRef("The input failed validation (ValidationError)");
  if (features.rateLimited && route.rateLimit !== false) errors["429"] = problemRef("Over the rate limit (RateLimited)");
  errors.default = problemRef("Any other error, as problem details");
  const security =
    route.auth === "none"
      ? undefined
      : Object.keys(features.securitySchemes).map((name) => ({ [name]: route.auth === "none" ? [] : [...(route.auth.scopes ?? [])] }));
  return {
    operationId: route.operationId ?? defaultOperationId(route.method, route.path),
    ...(route.summary === undefined ? {} : { summary: route.summary }),
    ...(route.description === undefined ? {} : { description: route.description }),
    ...(route.tags === undefined ? {} : { tags: [...route.tags] }),
    parameters: [...parameters(s.params, "path"), ...parameters(s.query, "query"), ...parameters(s.headers, "header")],
    ...(s.body === undefined
      ? {}
      : { requestBody: { required: true, content: { "application/json": { schema: toSchema(s.body, "input") } } } }),
    responses: { ...successResponses(route.responses), ...errors },
    ...(security === undefined || security.length === 0 ? {} : { security }),
  };
}

const problemSchema: JsonSchema = {
  type: "object",
  description: "RFC 9457 problem details; see docs/errors.md for every type.",
  required: ["type", "title", "status", "detail", "instance", "correlationId"],
  properties: {
    type: { type: "string", format: "uri-reference" },
    title: { type: "string" },
    status: { type: "integer", minimum: 400, maximum: 599 },
    detail: { type: "string" },
    instance: { type: "string" },
    correlationId: { type: "string" },
    errors: {
      type: "array",
      description: "ValidationError: every issue with its path.",
      items: {
        type: "object",
        required: ["path", "message"],
        properties: {
          path: { type: "array", items: { type: ["string", "integer"] } },
          message: { type: "string" },
          code: { type: "string" },
        },
      },
    },
    retryAfterMs: { type: "integer", minimum: 0 },
    limitBytes: { type: "integer", minimum: 0 },
    allowed: { type: "array", items: { type: "string" } },
  },
};

function metaOperations(settings: HttpAppSettings): Record<string, JsonSchema> {
  const paths: Record<string, JsonSchema> = {};
  const json = (description: string): JsonSchema => ({ description, content: { "application/json": { schema: { type: "object" } } } });
  if (settings.health.enabled) {
    paths[settings.health.livenessPath] = {
      get: { operationId: "getLiveness", tags: ["meta"], summary: "The process is alive", responses: { 200: json("Alive") } },
    };
    paths[settings.health.readinessPath] = {
      get: {
        operationId: "getReadiness",
        tags: ["meta"],
        summary: "Every readiness check passes",
        responses: { 200: json("Ready"), 503: problemRef("A check failed or the server is shutting down (Unavailable)") },
      },
    };
  }
  if (settings.openapi.enabled) {
    paths[settings.openapi.path] = {
      get: { operationId: "getOpenApi", tags: ["meta"], summary: "This document", responses: { 200: json("OpenAPI 3.1 document") } },
    };
  }
  return paths;
}

/** Builds the document. Pure apart from zod's schema walk; call once and cache. */
export function buildOpenApi(routes: readonly HttpRoute[], settings: HttpAppSettings, features: Features): OpenApiDocument {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const key = openApiPath(route.path);
    (paths[key] ??= {})[route.method.toLowerCase()] = operation(route, features);
  }
  const { title, version, description, servers } = settings.openapi;
  return {
    openapi: "3.1.0",
    info: { title, version, ...(description === undefined ? {} : { description }) },
    ...(servers.length === 0 ? {} : { servers }),
    paths: { ...metaOperations(settings), ...paths },
    components: {
      schemas: { Problem: problemSchema },
      ...(Object.keys(features.securitySchemes).length === 0 ? {} : { securitySchemes: features.securitySchemes }),
    },
  };
}
