/**
 * The service's entry point: load config (exit 78 on a bad one), compose,
 * listen, and shut down gracefully on SIGTERM/SIGINT: stop accepting and
 * drain HTTP, stop the delivery worker within its deadline, flush the logs.
 * A second signal, or a shutdown that overruns, exits at once.
 */
import { exitOnConfigError, loadConfig } from "@hexkit/config";
import { createAsyncContextStore } from "@hexkit/memory";
import { createPinoLogger } from "@hexkit/pino";
import { compose } from "./compose.js";
import { configEnv, WebhooksConfig } from "./config.js";
import { startupNotes } from "./startup-notes.js";

const config = exitOnConfigError(loadConfig(WebhooksConfig, configEnv));
// One context store for the logger and the app: every line written inside a
// request or a delivery job carries its correlation id, trace id and tenant.
const context = createAsyncContextStore();
const logger = exitOnConfigError(createPinoLogger({ level: config.log.level, name: "webhooks" }, { context }));
const port = process.env.PORT !== undefined && process.env.PORT !== "" ? Number(process.env.PORT) : config.server.port;

const composition = compose(config, { logger, context });
const listening = await composition.app.listen({ port, host: config.server.host });
if (listening.isErr()) {
  logger.fatal("cannot listen", { err: listening.error, port, host: config.server.host });
  await logger.close();
  process.exit(1);
}
for (const note of startupNotes(config, composition, listening.value.url)) logger.info(note.message, note.fields);

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    logger.warn("second signal: exiting without waiting", { signal });
    await logger.flush();
    process.exit(1);
  }
  stopping = true;
  logger.info("shutting down", { signal });
  // The whole shutdown may take the HTTP drain plus the worker's deadline; past that, exit regardless.
  const hardDeadline = setTimeout(() => {
    logger.error("shutdown overran its deadline; exiting");
    process.exit(1);
  }, config.server.shutdownDeadlineMs + config.delivery.stopDeadlineMs + 5_000);
  hardDeadline.unref();
  await composition.close();
  logger.info("stopped");
  await logger.close();
  process.exit(0);
}
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, (s: NodeJS.Signals) => {
    void shutdown(s);
  });
}
