/**
 * The admin CLI: `token` mints a development bearer token, `api-key` makes an
 * API key and the hash to configure, `receiver` runs a local receiver that
 * verifies signatures, `config` checks/prints/documents the configuration.
 * Run with `pnpm --filter @hexkit/webhooks cli <command>`.
 */
import { randomBytes } from "node:crypto";
import { exitOnConfigError, loadConfig, runConfigCommand } from "@hexkit/config";
import { hashApiKey } from "@hexkit/fastify";
import { tokenSettings } from "../auth/authenticator.js";
import { loadOrCreateDevSecret } from "../auth/dev-jwt-secret.js";
import { mintToken } from "../auth/mint-token.js";
import { configEnv, WebhooksConfig } from "../config.js";
import { adminUsage, runAdminCommand } from "./admin-commands.js";
import { parseFlags } from "./args.js";
import { startDevReceiver } from "./receiver.js";

const usage = `Usage: pnpm --filter @hexkit/webhooks cli <command> [flags]

Commands:
  token --tenant <id> [--subject <s>] [--ttl <seconds>]
        print a bearer token for the running service (uses auth.jwtSecret, or the
        development secret in <dataDir>/dev-jwt-secret, made if absent)
  api-key --tenant <id> [--name <n>]
        print a new API key and the auth.apiKeys entry to configure (only its hash)
  receiver [--port 9000] [--host 127.0.0.1] [--secret whsec_...] [--status 204]
        run a local receiver that prints deliveries and verifies their signatures
  config check|print|schema|reference
        validate or show the configuration
${adminUsage}`;

const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
const fail = (text: string, code = 64): never => {
  process.stderr.write(`${text}\n\n${usage}`);
  process.exit(code);
};

const [command, ...rest] = process.argv.slice(2);
const flags = parseFlags(rest);

switch (command) {
  case "token": {
    const tenant = flags.tenant ?? fail("token: --tenant is required");
    const config = exitOnConfigError(loadConfig(WebhooksConfig, { ...configEnv, argv: rest }));
    const settings = tokenSettings(config.auth, () => loadOrCreateDevSecret(config.dataDir).secret);
    const ttl = flags.ttl === undefined ? undefined : Number(flags.ttl);
    out(await mintToken(settings, { tenantId: tenant, ...(flags.subject ? { subject: flags.subject } : {}), ...(ttl ? { ttlSeconds: ttl } : {}) }));
    break;
  }
  case "api-key": {
    const tenant = flags.tenant ?? fail("api-key: --tenant is required");
    const key = `whk_${randomBytes(24).toString("base64url")}`;
    out(`API key (shown once; send it as x-api-key): ${key}`);
    out(`Add to config.yaml:\nauth:\n  apiKeys:\n    - hash: ${hashApiKey(key)}\n      tenantId: ${tenant}\n      name: ${flags.name ?? "api-key"}`);
    break;
  }
  case "receiver": {
    const started = await startDevReceiver({
      port: Number(flags.port ?? 9000),
      host: flags.host ?? "127.0.0.1",
      secret: flags.secret ?? process.env.WEBHOOK_SECRET,
      status: Number(flags.status ?? 204),
      print: out,
    });
    out(`receiver listening on ${started.url}/ (Ctrl-C to stop)${flags.secret || process.env.WEBHOOK_SECRET ? "" : "; pass --secret whsec_... to verify signatures"}`);
    const stop = (): void => {
      started.server.close();
      process.exit(0);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    break;
  }
  case "config":
    process.exit(runConfigCommand(WebhooksConfig, rest, configEnv));
    break;
  case undefined:
  case "help":
  case "--help":
    out(usage);
    break;
  default: {
    // Part 2's admin commands (migrate, endpoints, messages, dead-letters, outbox): see admin-commands.ts.
    const code = await runAdminCommand(command, rest, { out, fail });
    if (code === undefined) fail(`unknown command: ${command}`);
    process.exit(code);
  }
}
