import { loggerContract } from "@hexkit/testing";
import { createAsyncContextStore, createRecordingLogger } from "@hexkit/memory";

loggerContract("memory (recording)", ({ level }) => {
  const context = createAsyncContextStore();
  const logger = createRecordingLogger({ level, context });
  return Promise.resolve({
    subject: { logger, context },
    // JSON round trip: the contract reads lines as a real adapter writes them.
    lines: () => logger.entries().map((entry) => JSON.parse(JSON.stringify(entry)) as Record<string, unknown>),
    advance: () => Promise.resolve(),
    teardown: () => Promise.resolve(),
  });
});
