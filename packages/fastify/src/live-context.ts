import type { AppError, Logger, Result, Span } from "@hexkit/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Principal } from "./auth/principal.js";
import type { Tracked } from "./in-flight.js";
import type { RequestContext, ResponseSchemas, SuccessStatus } from "./route.js";

/**
 * The `RequestContext` a handler receives. The child logger and the
 * AbortController are made on first use: most handlers touch neither, and
 * both cost more than the rest of the context together.
 */
export class LiveContext implements RequestContext, Tracked {
  principal: Principal | undefined = undefined;
  traceId: string | undefined = undefined;
  /** The outgoing `traceparent` of the request's span, when tracing is on: sent as a header with the answer (see deliver.ts). */
  traceparent: string | undefined = undefined;
  status: SuccessStatus;
  headers: Record<string, string> | undefined = undefined;
  /** The handler's answer while it is pending (see pipeline/outcome.ts). */
  answer: PromiseLike<unknown> | undefined = undefined;
  /** The request's server span, when tracing is on. */
  span: Span | undefined = undefined;
  /** Settles the span's `withSpan` callback once the answer is sent (tracing on, asynchronous answers). */
  spanDone: ((outcome: Result<unknown, AppError>) => void) | undefined = undefined;
  /** True when the pipeline started the span itself (`startSpanIn`), so it ends it when it answers. */
  endsSpan = false;
  readonly #root: Logger;
  #logger: Logger | undefined = undefined;
  #controller: AbortController | undefined = undefined;
  #abortReason: unknown = undefined;
  #aborted = false;

  readonly correlationId: string;
  readonly #route: string;
  readonly #onDeadline: (ctx: LiveContext) => void;

  constructor(
    root: Logger,
    /** Fastify's request and reply: for the pipeline only, never handed to a handler. */
    readonly raw: FastifyRequest,
    readonly reply: FastifyReply,
    route: string,
    readonly deadline: number,
    status: SuccessStatus,
    readonly declared: ResponseSchemas,
    onDeadline: (ctx: LiveContext) => void,
  ) {
    this.#root = root;
    this.#route = route;
    this.#onDeadline = onDeadline;
    this.correlationId = raw.id;
    this.status = status;
  }

  /** Built on first use: reading the client address costs a socket call. */
  get request(): { readonly method: string; readonly route: string; readonly ip: string } {
    return { method: this.raw.method, route: this.#route, ip: this.raw.ip };
  }

  get logger(): Logger {
    return (this.#logger ??= this.#root.child({ correlationId: this.correlationId }));
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  /** Set once the request has been answered (by the pipeline or by the deadline). */
  answered = false;
  /** Links of the in-flight list (see in-flight.ts). */
  prev: Tracked | undefined = undefined;
  next: Tracked | undefined = undefined;

  /** Called by the in-flight sweep once `deadline` has passed. */
  expire(): void {
    this.#onDeadline(this);
  }

  /** Aborts `signal` (idempotent). */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
  }

  setHeader(name: string, value: string): void {
    (this.headers ??= {})[name.toLowerCase()] = value;
  }

  setStatus(status: SuccessStatus): void {
    if (!(status in this.declared)) throw new TypeError(`Status ${status} is not declared by route ${this.#route}`);
    this.status = status;
  }
}
