import { metricsContract } from "@hexkit/testing";
import { createRecordingMetrics } from "@hexkit/memory";

metricsContract("memory (recording)", () => {
  const metrics = createRecordingMetrics();
  return Promise.resolve({
    subject: {
      metrics,
      read: {
        value: (name, labels) => Promise.resolve(metrics.value(name, labels)),
        histogram: (name, labels) => Promise.resolve(metrics.readHistogram(name, labels)),
      },
    },
    advance: () => Promise.resolve(),
    teardown: () => Promise.resolve(),
  });
});
