import { timeout, unavailable } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { toPortError } from "../src/index.js";

const context = { dependency: "redis", commandTimeoutMs: 250, operation: "cache.get" };

describe("toPortError", () => {
  it("maps a command past its deadline to Timeout with the deadline", () => {
    expect(toPortError(new Error("Command timed out"), context)).toEqual(timeout(250, "cache.get"));
  });

  it("maps refused, dropped and offline connections to Unavailable, keeping the cause", () => {
    for (const message of [
      "connect ECONNREFUSED 127.0.0.1:6390",
      "Connection is closed.",
      "Stream isn't writeable and enableOfflineQueue options is false",
      "Reached the max retries per request limit (which is 0).",
    ]) {
      const cause = new Error(message);
      expect(toPortError(cause, context)).toEqual(unavailable("redis", cause, `redis is unavailable (cache.get: ${message})`));
    }
  });

  it("maps server error replies (LOADING, BUSY, OOM) to Unavailable", () => {
    const error = toPortError(new Error("LOADING Redis is loading the dataset in memory"), context);
    expect(error._tag).toBe("Unavailable");
  });

  it("maps a thrown non-error to Unavailable", () => {
    expect(toPortError("boom", context)).toEqual(unavailable("redis", "boom", "redis is unavailable (cache.get: boom)"));
  });
});
