import { tracerContract, tracerInStoreContract } from "@hexkit/testing";
import { createAsyncContextStore, createRecordingTracer } from "@hexkit/memory";

tracerContract("memory (recording)", () => {
  const tracer = createRecordingTracer();
  return Promise.resolve({
    subject: { tracer, finishedSpans: () => Promise.resolve(tracer.finishedSpans()) },
    advance: () => Promise.resolve(),
    teardown: () => Promise.resolve(),
  });
});

const inStore = () => {
  const context = createAsyncContextStore();
  const tracer = createRecordingTracer({ context });
  return Promise.resolve({
    subject: { tracer, context, finishedSpans: () => Promise.resolve(tracer.finishedSpans()) },
    advance: () => Promise.resolve(),
    teardown: () => Promise.resolve(),
  });
};
tracerContract("memory (recording, active span in a ContextStore)", inStore);
tracerInStoreContract("memory (recording, active span in a ContextStore)", inStore);
