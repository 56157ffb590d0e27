import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { anyAuthenticator, createHttpApp, createJwtAuthenticator } from "../src/index.js";
import { defaultOperationId, openApiPath } from "../src/openapi.js";
import { recordingLogger } from "./fakes.js";
import { sampleAuthenticator } from "./helpers.js";
import { sampleRoutes } from "./sample-app.js";

const jwt = createJwtAuthenticator({ key: { type: "secret", secret: "s".repeat(32) }, issuer: "i", audience: "a" });

function build() {
  const routes = sampleRoutes();
  const app = createHttpApp({
    routes,
    logger: recordingLogger(),
    authenticator: anyAuthenticator(jwt, sampleAuthenticator()),
    rateLimiter: { consume: () => { throw new Error("unused"); }, reset: () => { throw new Error("unused"); } },
    options: { openapi: { title: "Sample", version: "1.2.3", servers: [{ url: "https://api.example.test" }] } },
  });
  return { app, routes };
}

type Doc = { paths: Record<string, Record<string, { operationId: string; security?: unknown; parameters: { name: string; in: string; required: boolean }[]; responses: Record<string, unknown>; requestBody?: unknown }>> };

describe("OpenAPI document", () => {
  it("serves a document that a real OpenAPI 3.1 validator accepts", async () => {
    const { app } = build();
    const res = await app.fastify.inject({ method: "GET", url: "/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string }>();
    expect(doc.openapi).toBe("3.1.0");
    // validate() dereferences in place, so hand it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
  });

  it("is checked by a validator that does refuse a broken 3.1 document", async () => {
    const { app } = build();
    const broken = { ...structuredClone(app.openapi()), paths: { "/x": { get: { responses: { 200: { content: {} } } } } } };
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow();
  });

  it("contains every route, with a unique operation id", () => {
    const { app, routes } = build();
    const doc = app.openapi() as unknown as Doc;
    for (const route of routes) {
      expect(doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("describes parameters, body, answers, problems and security of a route", () => {
    const { app } = build();
    const doc = app.openapi() as unknown as Doc;
    const read = doc.paths["/items/{id}"]!.get!;
    expect(read.parameters).toEqual([
      { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^[a-z0-9-]{1,20}$" } },
      { name: "verbose", in: "query", required: false, schema: { type: "string", enum: ["true", "false"] } },
    ]);
    expect(Object.keys(read.responses).sort()).toEqual(["200", "422", "429", "default"]);
    expect(read.security).toBeUndefined();
    const create = doc.paths["/items"]!.post!;
    expect(Object.keys(create.responses).sort()).toEqual(["200", "201", "400", "401", "403", "413", "415", "422", "429", "default"]);
    expect(create.security).toEqual([{ bearerAuth: ["items:write"] }, { apiKey: ["items:write"] }]);
    expect(create.requestBody).toMatchObject({ required: true, content: { "application/json": { schema: { type: "object", required: ["name"] } } } });
    expect(doc.paths["/items/{id}"]!.delete!.responses["204"]).toEqual({ description: "No Content" });
  });

  it("names operations from method and path unless told", () => {
    expect(defaultOperationId("GET", "/tenants/:tenantId/items")).toBe("getTenantsByTenantIdItems");
    expect(openApiPath("/a/:id(^\\d+)/b/:x")).toBe("/a/{id}/b/{x}");
  });
});
