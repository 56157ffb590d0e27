import type { Logger } from "@hexkit/core";
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

  constructor(
    root: Logger,
    readonly correlationId: string,
    readonly deadline: number,
    readonly request: { readonly method: string; readonly route: string; readonly ip: string },
    status: SuccessStatus,
    readonly declared: ResponseSchemas,
  ) {
    this.#root = root;
    this.status = status;
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
    if (!(status in this.declared)) throw new TypeError(`Status ${status} is not declared by route ${this.request.route}`);
    this.status = status;
  }
}
