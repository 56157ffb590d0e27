import { type Clock, type HealthCheck, type Timeout, type Unavailable, timeout } from "@hexkit/core";
import type { FastifyInstance } from "fastify";
import { renderAppError } from "./errors/problem.js";
import type { Runtime } from "./runtime.js";
import { instanceOf, sendJson, sendProblem } from "./send.js";

/**
 * `/healthz` answers 200 while the process can serve HTTP at all.
 * `/readyz` runs every registered check in parallel, each against its own
 * deadline, and answers 200 when all pass, else 503 problem+json listing each
 * check's result. While the server shuts down, `/readyz` answers 503 so a
 * load balancer stops sending traffic.
 */
export interface CheckResult {
  readonly status: "ok" | "fail";
  readonly durationMs: number;
  /** The failure's tag and message (never its cause). */
  readonly error?: { readonly _tag: string; readonly message: string };
}

/** Runs one check against a deadline of `timeoutMs`; never rejects. */
export function runCheck(check: HealthCheck, timeoutMs: number, clock: Clock): Promise<CheckResult> {
  const started = clock.now();
  return new Promise((resolve) => {
    const finish = (failure?: Unavailable | Timeout): void => {
      cancel();
      const durationMs = clock.now() - started;
      resolve(failure === undefined ? { status: "ok", durationMs } : { status: "fail", durationMs, error: { _tag: failure._tag, message: failure.message } });
    };
    const cancel = clock.setTimer(timeoutMs, () => {
      finish(timeout(timeoutMs, `health check ${check.name}`));
    });
    try {
      Promise.resolve(check.check()).then(
        (result) => {
          finish(result.isOk() ? undefined : result.error);
        },
        (thrown: unknown) => {
          finish({ _tag: "Unavailable", message: `${check.name} check threw`, dependency: check.name, cause: thrown });
        },
      );
    } catch (thrown) {
      finish({ _tag: "Unavailable", message: `${check.name} check threw`, dependency: check.name, cause: thrown });
    }
  });
}

/** Registers the two health routes. */
export function registerHealth(app: FastifyInstance, rt: Runtime): void {
  const { livenessPath, readinessPath, checkTimeoutMs } = rt.settings.health;
  app.get(livenessPath, (_request, reply) => {
    sendJson(rt, reply, 200, '{"status":"ok"}');
  });
  app.get(readinessPath, async (request, reply) => {
    const results = await Promise.all(rt.healthChecks.map((check) => runCheck(check, checkTimeoutMs, rt.clock)));
    const checks = Object.fromEntries(rt.healthChecks.map((check, i) => [check.name, results[i]]));
    const failed = results.some((r) => r.status === "fail");
    if (!failed && !rt.closing) {
      sendJson(rt, reply, 200, JSON.stringify({ status: "ok", checks }));
      return;
    }
    const detail = rt.closing ? "The server is shutting down." : "A readiness check failed.";
    const rendered = renderAppError(
      { _tag: "Unavailable", message: detail, dependency: "readiness" },
      { instance: instanceOf(request), correlationId: request.id },
      rt.problems,
    );
    sendProblem(rt, reply, { ...rendered, body: { ...rendered.body, detail, checks } });
  });
}
