import { createAsyncContextStore } from "@hexkit/memory";
import { loggerContract } from "@hexkit/testing";
import { createPinoLogger } from "../src/index.js";
import { collectingDestination } from "./collect.js";

loggerContract("pino", async ({ level }) => {
  const destination = collectingDestination();
  const context = createAsyncContextStore();
  const logger = createPinoLogger({ level }, { context, destination })._unsafeUnwrap();
  return Promise.resolve({
    subject: { logger, context },
    lines: () => destination.lines(),
    advance: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    teardown: () => logger.close(),
  });
});
