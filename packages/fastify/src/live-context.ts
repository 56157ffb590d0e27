import type { Logger } from "@hexkit/core";
import type { FastifyRequest } from "fastify";
import type { Principal } from "./auth/principal.js";
import type { RequestContext, ResponseSchemas, SuccessStatus } from "./route.js";

/**
 * The `RequestContext` a handler receives. The child logger and the
 * AbortController are made on first use: most handlers touch neither, and
 * both cost more than the rest of the context together.
 */
export class LiveContext implements RequestContext {
  principal: Principal | undefined = undefined;
  traceId: string | undefined = undefined;
  /** The outgoing `traceparent` of the request's span, when tracing is on. */
  traceparent: string | undefined = undefined;
  status: SuccessStatus;
  headers: Record<string, string> | undefined = undefined;
  readonly #root: Logger;
  #logger: Logger | undefined = undefined;
  #controller: AbortController | undefined = undefined;
  #abortReason: unknown = undefined;
  #aborted = false;

  readonly correlationId: string;
  readonly #request: FastifyRequest;
  readonly #route: string;

  constructor(
    root: Logger,
    request: FastifyRequest,
    route: string,
    readonly deadline: number,
    status: SuccessStatus,
    readonly declared: ResponseSchemas,
  ) {
    this.#root = root;
    this.#request = request;
    this.#route = route;
    this.correlationId = request.id;
    this.status = status;
  }

  /** Built on first use: reading the client address costs a socket call. */
  get request(): { readonly method: string; readonly route: string; readonly ip: string } {
    return { method: this.#request.method, route: this.#route, ip: this.#request.ip };
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

  /** Set while the handler runs: answers the request with a Timeout. */
  onExpire: (() => void) | undefined = undefined;

  /** Called by the in-flight sweep once `deadline` has passed. */
  expire(): void {
    const onExpire = this.onExpire;
    this.onExpire = undefined;
    onExpire?.();
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
