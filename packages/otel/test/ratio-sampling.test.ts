import { ROOT_CONTEXT } from "@opentelemetry/api";
import { SamplingDecision, TraceIdRatioBasedSampler } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { pooledIdGenerator } from "../src/pooled-ids.js";
import { ratioSampled, traceIdWord } from "../src/ratio-sampling.js";

describe("ratioSampled", () => {
  it("keeps and drops the same trace ids as OpenTelemetry's TraceIdRatioBasedSampler", () => {
    const ids = pooledIdGenerator();
    const traceIds = Array.from({ length: 2000 }, () => ids.generateTraceId());
    for (const ratio of [0.001, 0.1, 0.5, 0.9]) {
      const sdk = new TraceIdRatioBasedSampler(ratio);
      const ours = ratioSampled(ratio);
      const differ = traceIds.filter(
        (id) => ours(traceIdWord(id)) !== (sdk.shouldSample(ROOT_CONTEXT, id).decision === SamplingDecision.RECORD_AND_SAMPLED),
      );
      expect({ ratio, differ }).toEqual({ ratio, differ: [] });
    }
  });
});
