import type { FastifyInstance } from "fastify";
import type { Runtime } from "./runtime.js";

/**
 * Request id echo, the access log line and RED metrics, as two root hooks so
 * they also see 404s, 405s and framework failures. Labels use the route
 * template (`/items/:id`), never the raw path, so label sets stay bounded;
 * requests that match no route are labelled `unmatched`.
 */
export function registerObservability(app: FastifyInstance, rt: Runtime): void {
  const { requestId, accessLog } = rt.settings;
  if (requestId.enabled) {
    const header = requestId.header;
    app.addHook("onRequest", (request, reply, done) => {
      void reply.header(header, request.id);
      done();
    });
  }
  const log = accessLog.enabled ? rt.logger[accessLog.level] : undefined;
  const requests = rt.requests;
  if (log === undefined && requests === undefined) return;
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    const status = reply.statusCode;
    const durationMs = reply.elapsedTime;
    if (requests !== undefined) {
      const labels = { method: request.method, route, status };
      requests.total.inc(labels);
      requests.duration.observe(durationMs, labels);
    }
    log?.("http request", { method: request.method, route, status, durationMs: Math.round(durationMs * 1000) / 1000, correlationId: request.id });
    done();
  });
}
