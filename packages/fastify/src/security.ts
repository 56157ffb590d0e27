import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";
import type { Runtime } from "./runtime.js";

/** Headers a browser client may read from our answers. */
export const exposedHeaders = ["x-request-id", "ratelimit", "ratelimit-policy", "retry-after", "location", "traceparent"];

/**
 * Security headers (helmet) with a Content-Security-Policy for an API that
 * serves only JSON: nothing may load, frame or submit (`default-src 'none'`),
 * and CORS with an explicit origin list (off by default).
 */
export function registerSecurity(app: FastifyInstance, rt: Runtime): void {
  const { securityHeaders, cors: corsSettings } = rt.settings;
  if (securityHeaders.enabled) {
    void app.register(helmet, {
      global: true,
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
      strictTransportSecurity:
        securityHeaders.hstsMaxAgeSeconds === 0 ? false : { maxAge: securityHeaders.hstsMaxAgeSeconds, includeSubDomains: true },
      referrerPolicy: { policy: "no-referrer" },
      frameguard: { action: "deny" },
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
