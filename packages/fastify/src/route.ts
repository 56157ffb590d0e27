import type { AppError, Logger, RateLimitPolicy, Result, ResultAsync } from "@hexkit/core";
import type { z } from "zod";
import type { Principal } from "./auth/principal.js";

/**
 * A route is a value: method, path, zod schemas for every part of the
 * request, a schema per success status, the auth it needs and a handler.
 * The adapter mounts it on Fastify; the handler never sees Fastify, only the
 * validated input and a {@link RequestContext}.
 */

/** The methods a route may answer. `HEAD` is answered for every `GET` route. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Every method the adapter knows, for `405 Method Not Allowed` and `Allow`. */
export const httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const satisfies readonly HttpMethod[];

/**
 * What a route needs from the caller.
 * - `"none"`: public; no authenticator runs and `ctx.principal` is `undefined`.
 * - `{ scopes }`: an authenticated principal holding every listed scope (else 403).
 * - `{ tenant: "required" }`: the principal must belong to a tenant (else 403).
 * - `{ tenant: { param } }`: the path parameter `param` must equal the principal's tenant (else 403).
 */
export type RouteAuth =
  | "none"
  | {
      readonly scopes?: readonly string[];
      readonly tenant?: "required" | { readonly param: string };
    };

/** The success statuses a route may declare. */
export type SuccessStatus = 200 | 201 | 202 | 204;

/** Zod schemas for the parts of a request; a part without a schema is not read. */
export interface RequestSchemas {
  /** Path parameters, e.g. `z.object({ id: z.string() })` for `/items/:id`. */
  readonly params?: z.ZodType;
  /** The query string (repeated keys arrive as arrays; use `z.coerce` for numbers). */
  readonly query?: z.ZodType;
  /** Request headers, lower-case names; unknown headers should be allowed (non-strict objects). */
  readonly headers?: z.ZodType;
  /** The JSON body. */
  readonly body?: z.ZodType;
}

/** The schemas of a route that reads no input. */
export type NoSchemas = { readonly [K in keyof RequestSchemas]?: never };

/** A schema per success status; `null` means "no body" (e.g. 204). */
export type ResponseSchemas = { readonly [S in SuccessStatus]?: z.ZodType | null };

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The validated input a handler receives: each part is the output of its schema (`undefined` without one). */
export interface RouteInput<S extends RequestSchemas> {
  readonly params: Parsed<S["params"]>;
  readonly query: Parsed<S["query"]>;
  readonly headers: Parsed<S["headers"]>;
  readonly body: Parsed<S["body"]>;
}

/** What a handler may answer with: the input type of any declared response schema. */
export type ResponseBody<R extends ResponseSchemas> = {
  [K in keyof R]: R[K] extends z.ZodType ? z.input<R[K]> : undefined;
}[keyof R];

/** Everything a handler may know about the request besides its input. */
export interface RequestContext<A extends RouteAuth = RouteAuth, R extends ResponseSchemas = ResponseSchemas> {
  /** The authenticated caller; always present unless the route's auth is `"none"`. */
  readonly principal: A extends "none" ? Principal | undefined : Principal;
  /** The request's correlation id (the accepted `x-request-id`, or a new one). */
  readonly correlationId: string;
  /** The W3C trace id of the request's span, when tracing is on. */
  readonly traceId: string | undefined;
  /** A logger whose lines carry the correlation id (created on first use). */
  readonly logger: Logger;
  /** Epoch ms after which the adapter answers 504 and aborts {@link signal}. */
  readonly deadline: number;
  /** Aborted when the deadline passes or the server's shutdown deadline passes. */
  readonly signal: AbortSignal;
  /** The route template (`/items/:id`), the method and the client address. */
  readonly request: { readonly method: string; readonly route: string; readonly ip: string };
  /** Sets a response header (e.g. `Location`); applies to success and error answers. */
  setHeader(name: string, value: string): void;
  /** Answers with another declared success status than the route's default. */
  setStatus(status: keyof R & SuccessStatus): void;
}

/** A per-route rate-limit override: `false` exempts the route. */
export type RouteRateLimit = false | { readonly cost?: number; readonly policy?: RateLimitPolicy };

/** A route as written with {@link defineRoute}: fully typed from its schemas. */
export interface RouteDefinition<
  S extends RequestSchemas,
  R extends ResponseSchemas,
  A extends RouteAuth,
> {
  readonly method: HttpMethod;
  /** Fastify path syntax: `/endpoints/:id`. */
  readonly path: string;
  readonly summary?: string;
  readonly description?: string;
  /** Unique; defaults to `method` + path in camel case. */
  readonly operationId?: string;
  readonly tags?: readonly string[];
  readonly auth: A;
  readonly schema?: S;
  readonly responses: R;
  /** The success status to answer with; defaults to the lowest declared one. */
  readonly status?: keyof R & SuccessStatus;
  /** Rate-limit cost or policy for this route, or `false` to exempt it. */
  readonly rateLimit?: RouteRateLimit;
  /** This route's deadline in ms, instead of the app's `requestTimeoutMs`. */
  readonly timeoutMs?: number;
  /**
   * Runs the use case. Must not throw: a throw is answered 500 and logged as
   * a bug. A handler that does no I/O may answer a plain `Result`, which is
   * served without an async step.
   */
  handler(input: RouteInput<S>, ctx: RequestContext<A, R>): ResultAsync<ResponseBody<R>, AppError> | Result<ResponseBody<R>, AppError>;
}

/**
 * A route with its types erased, as `createHttpApp` takes it. Build it with
 * {@link defineRoute}; the handler's types were checked there.
 */
export interface HttpRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary?: string;
  readonly description?: string;
  readonly operationId?: string;
  readonly tags?: readonly string[];
  readonly auth: RouteAuth;
  readonly schema: RequestSchemas;
  readonly responses: ResponseSchemas;
  readonly status: SuccessStatus;
  readonly rateLimit?: RouteRateLimit;
  readonly timeoutMs?: number;
  handler(input: RouteInput<RequestSchemas>, ctx: RequestContext): ResultAsync<unknown, AppError> | Result<unknown, AppError>;
}

/**
 * Declares a route. The handler's input and answer are typed from the
 * schemas; the result is a plain value to pass to `createHttpApp`.
 * Throws (at composition time) when `responses` declares no status or
 * `status` is not among them.
 */
export function defineRoute<
  const S extends RequestSchemas = NoSchemas,
  const R extends ResponseSchemas = ResponseSchemas,
  const A extends RouteAuth = RouteAuth,
>(definition: RouteDefinition<S, R, A>): HttpRoute {
  const declared = Object.keys(definition.responses)
    .map(Number)
    .sort((a, b) => a - b) as SuccessStatus[];
  const status = definition.status ?? declared[0];
  if (status === undefined || !declared.includes(status)) {
    throw new TypeError(`Route ${definition.method} ${definition.path}: status ${String(status)} is not among its responses`);
  }
  return {
    ...definition,
    schema: definition.schema ?? {},
    status,
  };
}
