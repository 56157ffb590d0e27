import { describe, expect, it } from "vitest";
import { pooledIdGenerator } from "../src/pooled-ids.js";

describe("pooledIdGenerator", () => {
  it("makes lowercase hex ids of W3C length, all different", () => {
    const ids = pooledIdGenerator();
    const traceIds = Array.from({ length: 500 }, () => ids.generateTraceId());
    const spanIds = Array.from({ length: 500 }, () => ids.generateSpanId());
    expect([traceIds.every((id) => /^[0-9a-f]{32}$/.test(id)), spanIds.every((id) => /^[0-9a-f]{16}$/.test(id))]).toEqual([true, true]);
    expect([new Set(traceIds).size, new Set(spanIds).size]).toEqual([500, 500]);
  });
});
