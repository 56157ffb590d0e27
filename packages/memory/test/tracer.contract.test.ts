import { tracerContract } from "@hexkit/testing";
import { createRecordingTracer } from "@hexkit/memory";

tracerContract("memory (recording)", () => {
  const tracer = createRecordingTracer();
  return Promise.resolve({
    subject: { tracer, finishedSpans: () => Promise.resolve(tracer.finishedSpans()) },
    advance: () => Promise.resolve(),
    teardown: () => Promise.resolve(),
  });
});
