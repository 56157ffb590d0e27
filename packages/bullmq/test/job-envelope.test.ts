import { describe, expect, it } from "vitest";
import { decodeFailure, encodeFailure, readEnvelope } from "../src/job-envelope.js";

describe("job envelope", () => {
  it("reads back what the producer wrote", () => {
    const data = { payload: { n: 1 }, carrier: { "x-request-id": "r1" }, idempotencyWindowMs: 500 };
    expect(readEnvelope(JSON.parse(JSON.stringify(data)))).toEqual(data);
  });

  it("takes data written by another producer as the payload itself", () => {
    expect(readEnvelope({ n: 1 })).toEqual({ payload: { n: 1 }, carrier: {} });
    expect(readEnvelope(null)).toEqual({ payload: null, carrier: {} });
  });

  it("drops a carrier that is not a string map", () => {
    expect(readEnvelope({ payload: 1, carrier: { a: 1 } })).toEqual({ payload: 1, carrier: {} });
  });

  it("round-trips an error's tag and message through the failed reason", () => {
    const error = { _tag: "Conflict", message: "duplicate\nsecond line" };
    expect(decodeFailure(encodeFailure(error))).toEqual(error);
  });

  it("decodes a reason BullMQ wrote itself as Internal", () => {
    expect(decodeFailure("job stalled more than allowable limit")).toEqual({
      _tag: "Internal",
      message: "job stalled more than allowable limit",
    });
    expect(decodeFailure(undefined)).toEqual({ _tag: "Internal", message: "unknown failure" });
  });
});
