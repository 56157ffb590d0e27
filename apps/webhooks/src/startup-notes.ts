import type { LogFields } from "@hexkit/core";
import type { Composition } from "./compose.js";
import type { WebhooksConfig } from "./config.js";

/** One line for the start-up log. */
export interface StartupNote {
  readonly message: string;
  readonly fields: LogFields;
}

/** What a person starting the service needs to know: where it listens, how to get a token, what egress allows. */
export function startupNotes(config: WebhooksConfig, composition: Pick<Composition, "devSecret">, url: string): StartupNote[] {
  const notes: StartupNote[] = [{ message: `webhooks listening on ${url}`, fields: { url, openapi: `${url}/openapi.json` } }];
  if (composition.devSecret) {
    notes.push({
      message: `development JWT secret ${composition.devSecret.created ? "created" : "loaded"} at ${composition.devSecret.file}; mint a token with: pnpm --filter @hexkit/webhooks cli token --tenant t1`,
      fields: { devSecretFile: composition.devSecret.file },
    });
  }
  if (config.egress.allow.length === 0) {
    notes.push({
      message: "egress guard: loopback, private and metadata addresses are refused; to deliver to a receiver on this machine set WEBHOOKS__EGRESS__ALLOW=127.0.0.0/8,::1/128",
      fields: {},
    });
  } else {
    notes.push({ message: `egress guard: allowlisted ${config.egress.allow.join(", ")}`, fields: { allow: config.egress.allow } });
  }
  return notes;
}
