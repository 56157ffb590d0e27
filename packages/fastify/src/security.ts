import type { IncomingMessage, ServerResponse } from "node:http";
import cors from "@fastify/cors";
import type { FastifyInstance } from "fastify";
import helmet, { type HelmetOptions } from "helmet";
import type { Runtime } from "./runtime.js";

/** Headers a browser client may read from our answers. */
export const exposedHeaders = ["x-request-id", "ratelimit", "ratelimit-policy", "retry-after", "location", "traceparent"];

/** Helmet's options for an API that serves only JSON: nothing may load, frame or submit. */
export function helmetOptions(hstsMaxAgeSeconds: number): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: hstsMaxAgeSeconds === 0 ? false : { maxAge: hstsMaxAgeSeconds, includeSubDomains: true },
    referrerPolicy: { policy: "no-referrer" },
    frameguard: { action: "deny" },
  };
}

/**
 * The headers helmet sets for `options`, worked out once. Helmet's
 * middleware is deterministic for options without nonces or per-request
 * directives (ours), so the answer is the same for every request; the
 * Fastify plugin instead builds a new helmet middleware (parsing the CSP
 * again) in two hooks on every request, which measured at several µs a
 * request. Helmet also removes `X-Powered-By`, which neither Node nor Fastify
 * sets.
 */
export function helmetHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string): void {
      headers[name.toLowerCase()] = value;
    },
    removeHeader(): void {
      // Only X-Powered-By, which nothing here sets.
    },
  };
  // Helmet's middlewares read nothing from the request for these options.
  const request = Object.create(null) as IncomingMessage;
  helmet(options)(request, recorder as unknown as ServerResponse, (error?: unknown) => {
    // Helmet 8 throws option errors itself; this is its old callback path.
    if (error instanceof Error) throw error;
  });
  return Object.freeze(headers);
}

/**
 * Security headers (helmet's, with a Content-Security-Policy for an API that
 * serves only JSON) on every answer, set by one synchronous `onRequest` hook
 * from headers worked out at start-up; and CORS with an explicit origin list
 * (off by default).
 */
export function registerSecurity(app: FastifyInstance, rt: Runtime): void {
  const { securityHeaders, cors: corsSettings } = rt.settings;
  if (securityHeaders.enabled) {
    const headers = helmetHeaders(helmetOptions(securityHeaders.hstsMaxAgeSeconds));
    // On Fastify's reply, first of all hooks, so answers made by later hooks
    // (a CORS preflight) carry them too. Not on Node's response, as helmet
    // does: one header set there sends every header of the answer through
    // Node's slower merging path (validated, lower-cased, copied into a
    // dictionary), which cost 3,500-5,800 instructions a request, 3-4 % of
    // a small JSON answer (tooling/bench/count-instructions.mjs).
    app.addHook("onRequest", (_request, reply, done) => {
      void reply.headers(headers);
      done();
    });
  }
  if (corsSettings.enabled) {
    const any = corsSettings.origins.includes("*");
    void app.register(cors, {
      origin: any ? "*" : corsSettings.origins,
      credentials: corsSettings.credentials,
      maxAge: corsSettings.maxAgeSeconds,
      exposedHeaders,
      methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
      strictPreflight: true,
    });
  }
}
