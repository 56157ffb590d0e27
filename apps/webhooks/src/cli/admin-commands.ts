import type { AppError, Result } from "@hexkit/core";
import { exitOnConfigError, loadConfig } from "@hexkit/config";
import { createPinoLogger, type PinoLogger } from "@hexkit/pino";
import { describeMigrations, migrate, pendingMigrations, readMigrations } from "../adapters/postgres/migrate.js";
import { countFailed } from "../adapters/postgres/pg-delivery-repository.js";
import { createPgDatabase, type PgDatabase } from "../adapters/postgres/pg-database.js";
import { outboxBacklog, sweepOverdue } from "../adapters/postgres/pg-outbox.js";
import { compose } from "../compose.js";
import { configEnv, WebhooksConfig } from "../config.js";
import type { Services } from "../services.js";
import { parseFlags } from "./args.js";
import { createProgress } from "./progress.js";

/** The usage lines of the commands below, for the CLI's `--help`. */
export const adminUsage = `  migrate [--check]
        apply pending SQL migrations to postgres (or, with --check, list them and exit 1 if any)
  endpoints list --tenant <id> [--limit 50] [--cursor c]
  endpoints disable|enable --tenant <id> --id <endpoint>
        list a tenant's endpoints; stop or resume deliveries to one
  messages replay --tenant <id> --id <message> [--endpoint <id>]
        send a message again now, to one endpoint or to all it went to
  messages recover --tenant <id> --endpoint <id> --since <ISO time|epoch ms>
        re-send every failed delivery of an endpoint since a time
  dead-letters list --tenant <id> [--endpoint <id>] [--limit 50] [--cursor c]
  dead-letters replay --tenant <id> (--id <delivery> | --all [--endpoint <id>])
        list failed deliveries; replay one, or all of them with a progress bar
  outbox status | sweep [--overdue-ms 600000]
        the relay's backlog; reschedule overdue deliveries whose job was lost
(admin commands work on the PostgreSQL record: set postgres.url / WEBHOOKS__POSTGRES__URL)
`;

type Io = { readonly out: (text: string) => void; readonly fail: (text: string, code?: number) => never };

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** Prints `Ok` as JSON and answers 0, or the error and 1 (69 when a dependency is unavailable). */
async function print<T, E extends AppError>(io: Io, result: PromiseLike<Result<T, E>> | Result<T, E>): Promise<number> {
  const outcome = await result;
  if (outcome.isOk()) {
    io.out(json(outcome.value));
    return 0;
  }
  process.stderr.write(`${outcome.error._tag}: ${outcome.error.message}\n`);
  return outcome.error._tag === "Unavailable" || outcome.error._tag === "Timeout" ? 69 : 1;
}

function cliLogger(level: WebhooksConfig["log"]["level"]): PinoLogger {
  // Logs go to stderr so that stdout carries only the command's answer.
  return exitOnConfigError(createPinoLogger({ level: level === "info" ? "warn" : level, name: "webhooks-cli", destination: "stderr" }));
}

/** Runs `work` on the record (PostgreSQL) with the app's use cases bound to it, then closes everything. */
async function withServices(config: WebhooksConfig, io: Io, work: (services: Services, db: PgDatabase) => Promise<number>): Promise<number> {
  const pgConfig = config.postgres ?? io.fail("this command needs postgres: the embedded record lives only inside the running process", 78);
  const logger = cliLogger(config.log.level);
  // An api-role composition: use cases over PostgreSQL, enqueues through the outbox (the workers' relays send them).
  const composition = compose({ ...config, role: "api", postgres: { ...pgConfig, migrateOnStart: false, poolSize: 2 } }, { logger });
  const db = createPgDatabase({ url: pgConfig.url, ...(pgConfig.schema === undefined ? {} : { schema: pgConfig.schema }), poolSize: 1 });
  try {
    return await work(composition.services, db);
  } finally {
    await composition.close();
    await db.close();
    await logger.close();
  }
}

function since(value: string | undefined, io: Io): number {
  if (value === undefined) return io.fail("--since is required");
  const asNumber = Number(value);
  const ms = Number.isFinite(asNumber) ? asNumber : Date.parse(value);
  return Number.isFinite(ms) ? ms : io.fail(`--since: not a time: ${value}`);
}

/**
 * Runs an admin command (`migrate`, `endpoints`, `messages`, `dead-letters`,
 * `outbox`); answers the exit code, or `undefined` when `command` is not one
 * of them.
 */
export async function runAdminCommand(command: string, rest: readonly string[], io: Io): Promise<number | undefined> {
  if (!["migrate", "endpoints", "messages", "dead-letters", "outbox"].includes(command)) return undefined;
  const [sub] = rest;
  const flags = parseFlags(rest);
  const config = exitOnConfigError(loadConfig(WebhooksConfig, { ...configEnv, argv: [...rest] }));
  const tenant = (): string => flags.tenant ?? io.fail(`${command} ${sub ?? ""}: --tenant is required`);
  const required = (name: string): string => flags[name] ?? io.fail(`${command} ${sub ?? ""}: --${name} is required`);
  const page = { limit: flags.limit === undefined ? undefined : Number(flags.limit), cursor: flags.cursor };

  if (command === "migrate") {
    const pgConfig = config.postgres ?? io.fail("migrate needs postgres (postgres.url / WEBHOOKS__POSTGRES__URL)", 78);
    const db = createPgDatabase({ url: pgConfig.url, ...(pgConfig.schema === undefined ? {} : { schema: pgConfig.schema }), poolSize: 1 });
    try {
      const migrations = await readMigrations();
      if (migrations.isErr()) return io.fail(migrations.error.message, 66);
      if (flags.check === "true") {
        const pending = await pendingMigrations(db, migrations.value);
        if (pending.isErr()) return await print(io, pending);
        io.out(pending.value.length === 0 ? "up to date" : `pending: ${pending.value.join(", ")}`);
        return pending.value.length === 0 ? 0 : 1;
      }
      const report = await migrate(db, migrations.value);
      if (report.isOk()) io.out(describeMigrations(report.value));
      return report.isOk() ? 0 : await print(io, report);
    } finally {
      await db.close();
    }
  }

  if (command === "outbox") {
    const pgConfig = config.postgres ?? io.fail("outbox needs postgres", 78);
    const db = createPgDatabase({ url: pgConfig.url, ...(pgConfig.schema === undefined ? {} : { schema: pgConfig.schema }), poolSize: 1 });
    try {
      if (sub === "sweep") return await print(io, sweepOverdue(db, Date.now(), Number(flags["overdue-ms"] ?? config.outbox.overdueAfterMs), 100_000).map((rescheduled) => ({ rescheduled })));
      if (sub === "status") return await print(io, outboxBacklog(db, Date.now()));
      return io.fail(`outbox: unknown subcommand ${sub ?? "(none)"}`);
    } finally {
      await db.close();
    }
  }

  return withServices(config, io, async (services, db) => {
    switch (`${command} ${sub ?? ""}`) {
      case "endpoints list":
        return print(io, services.listEndpoints(tenant(), page));
      case "endpoints disable":
      case "endpoints enable":
        return print(io, services.updateEndpoint(tenant(), required("id"), { disabled: sub === "disable" }));
      case "messages replay":
        return print(io, services.replayMessage(tenant(), required("id"), flags.endpoint));
      case "messages recover":
        return print(io, services.recoverEndpoint(tenant(), required("endpoint"), since(flags.since, io)));
      case "dead-letters list":
        return print(io, services.listDeadLetters(tenant(), flags.endpoint === undefined ? {} : { endpointId: flags.endpoint }, page));
      case "dead-letters replay":
        if (flags.id !== undefined) return print(io, services.replayDeadLetter(tenant(), flags.id));
        if (flags.all !== "true") return io.fail("dead-letters replay: pass --id <delivery> or --all");
        return replayAll(services, db, tenant(), flags.endpoint, io);
      default:
        return io.fail(`${command}: unknown subcommand ${sub ?? "(none)"}`);
    }
  });
}

/** Replays every dead letter of a tenant (optionally of one endpoint), page by page, with a progress bar. */
async function replayAll(services: Services, db: PgDatabase, tenantId: string, endpointId: string | undefined, io: Io): Promise<number> {
  const total = await countFailed(db, tenantId, endpointId);
  const progress = createProgress("replaying dead letters", total.isOk() ? total.value : undefined);
  let replayed = 0;
  let failed = 0;
  // Each replay takes its delivery off the failed list, so the first page is always the next one.
  for (;;) {
    const pageResult = await services.listDeadLetters(tenantId, endpointId === undefined ? {} : { endpointId }, { limit: 250 });
    if (pageResult.isErr()) {
      progress.finish();
      return print(io, pageResult);
    }
    if (pageResult.value.data.length === 0) break;
    for (const letter of pageResult.value.data) {
      const replay = await services.replayDeadLetter(tenantId, letter.id);
      if (replay.isOk()) replayed += 1;
      else failed += 1;
      progress.update(replayed + failed);
    }
    // Replays that keep failing stay on the list: stop rather than loop over them.
    if (failed > 0 && pageResult.value.data.length === failed) break;
  }
  progress.finish();
  io.out(json({ replayed, failed }));
  return failed === 0 ? 0 : 1;
}
