import {
  type AppError,
  type ContextStore,
  conflict,
  err,
  errAsync,
  forbidden,
  internal,
  invalid,
  notFound,
  ok,
  okAsync,
  payloadTooLarge,
  rateLimited,
  ResultAsync,
  timeout,
  unauthorized,
  unavailable,
} from "@hexkit/core";
import { z } from "zod";
import { type HttpRoute, defineRoute } from "../src/index.js";

/** One example of every AppError, keyed by tag, for the mapping tests. */
export const sampleErrors: Record<AppError["_tag"], AppError> = {
  ValidationError: invalid(["name"], "Too short"),
  Unauthorized: unauthorized("Bad token"),
  Forbidden: forbidden("Not yours"),
  NotFound: notFound("Item", "42"),
  Conflict: conflict("Already exists"),
  PayloadTooLarge: payloadTooLarge(1024),
  RateLimited: rateLimited(1500),
  Unavailable: unavailable("postgres", new Error("connection refused at 10.0.0.7:5432")),
  Timeout: timeout(250, "select items"),
  Internal: internal("invariant broken", new Error("secret stack detail")),
};

const Item = z.object({ id: z.string(), name: z.string(), tags: z.array(z.string()) });

/** The routes of the sample app every test suite (and the fuzz suite) drives. */
export function sampleRoutes(context?: ContextStore): HttpRoute[] {
  return [
    defineRoute({
      method: "GET",
      path: "/items/:id",
      summary: "Read an item",
      tags: ["items"],
      auth: "none",
      schema: {
        params: z.object({ id: z.string().regex(/^[a-z0-9-]{1,20}$/) }),
        query: z.object({ verbose: z.enum(["true", "false"]).optional() }),
      },
      responses: { 200: Item },
      handler: ({ params }) =>
        params.id === "missing" ? errAsync(notFound("Item", params.id)) : okAsync({ id: params.id, name: "thing", tags: [] }),
    }),
    defineRoute({
      method: "POST",
      path: "/items",
      summary: "Create an item",
      tags: ["items"],
      auth: { scopes: ["items:write"] },
      schema: {
        body: z.object({ name: z.string().min(1).max(50), tags: z.array(z.string().max(20)).max(5).default([]) }),
        headers: z.object({ "idempotency-key": z.string().max(64).optional() }),
      },
      responses: { 201: Item, 200: Item },
      status: 201,
      handler: ({ body, headers }, ctx) => {
        ctx.setHeader("Location", `/items/${encodeURIComponent(body.name)}`);
        if (headers["idempotency-key"] === "seen") ctx.setStatus(200);
        return okAsync({ id: body.name, name: body.name, tags: body.tags });
      },
    }),
    defineRoute({
      method: "DELETE",
      path: "/items/:id",
      auth: { scopes: ["items:write"] },
      schema: { params: z.object({ id: z.string() }) },
      responses: { 204: null },
      handler: () => okAsync(undefined),
    }),
    defineRoute({
      method: "GET",
      path: "/tenants/:tenantId/items",
      auth: { tenant: { param: "tenantId" } },
      schema: { params: z.object({ tenantId: z.string() }) },
      responses: { 200: z.object({ tenantId: z.string(), subject: z.string() }) },
      handler: ({ params }, ctx) => okAsync({ tenantId: params.tenantId, subject: ctx.principal.subject }),
    }),
    defineRoute({
      method: "GET",
      path: "/errors/:tag",
      auth: "none",
      schema: { params: z.object({ tag: z.enum(Object.keys(sampleErrors) as [AppError["_tag"], ...AppError["_tag"][]]) }) },
      responses: { 200: z.object({}) },
      handler: ({ params }) => errAsync(sampleErrors[params.tag]),
    }),
    defineRoute({
      method: "GET",
      path: "/boom",
      auth: "none",
      responses: { 200: z.object({}) },
      handler: () => {
        throw new Error("handler bug with a secret");
      },
    }),
    defineRoute({
      method: "GET",
      path: "/rejects",
      auth: "none",
      responses: { 200: z.object({}) },
      handler: () => new ResultAsync(Promise.reject(new Error("rejected"))),
    }),
    defineRoute({
      method: "GET",
      path: "/bad-answer",
      auth: "none",
      responses: { 200: z.object({ n: z.number() }) },
      handler: () => okAsync({ n: "not a number" } as unknown as { n: number }),
    }),
    defineRoute({
      method: "GET",
      path: "/strip",
      auth: "none",
      responses: { 200: z.object({ public: z.string() }) },
      handler: () => okAsync({ public: "yes", secret: "no" } as { public: string }),
    }),
    defineRoute({
      method: "GET",
      path: "/slow",
      auth: "none",
      timeoutMs: 1_000,
      responses: { 200: z.object({ aborted: z.boolean() }) },
      handler: (_input, ctx) =>
        ResultAsync.fromSafePromise(
          new Promise<{ aborted: boolean }>((resolve) => {
            ctx.signal.addEventListener("abort", () => {
              resolve({ aborted: true });
            });
          }),
        ),
    }),
    defineRoute({
      method: "GET",
      path: "/whoami",
      auth: {},
      responses: { 200: z.object({ subject: z.string(), tenantId: z.string().optional(), context: z.record(z.string(), z.string()) }) },
      handler: (_input, ctx) => {
        ctx.logger.info("whoami called");
        return okAsync({
          subject: ctx.principal.subject,
          ...(ctx.principal.tenantId === undefined ? {} : { tenantId: ctx.principal.tenantId }),
          context: { ...context?.current() },
        });
      },
    }),
    defineRoute({
      method: "GET",
      path: "/sync/:n",
      auth: "none",
      schema: { params: z.object({ n: z.coerce.number().int() }) },
      responses: { 200: z.object({ double: z.number(), correlationId: z.string().optional() }) },
      // No I/O: a plain Result, served without an async step.
      handler: ({ params }) =>
        params.n < 0 ? err(invalid(["params", "n"], "Must not be negative")) : ok({ double: params.n * 2, ...context?.current() }),
    }),
    defineRoute({
      method: "GET",
      path: "/context",
      auth: "none",
      rateLimit: false,
      responses: { 200: z.object({ correlationId: z.string(), context: z.record(z.string(), z.string()) }) },
      handler: (_input, ctx) => okAsync({ correlationId: ctx.correlationId, context: { ...context?.current() } }),
    }),
  ];
}
