import { describe, expect, it } from "vitest";
import { didYouMean, editDistance } from "../src/levenshtein.js";

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and adjacent swaps as one edit each", () => {
    expect([editDistance("redis", "redis"), editDistance("reddis", "redis"), editDistance("redis", "rdis"), editDistance("port", "pork"), editDistance("prot", "port"), editDistance("", "abc")]).toEqual([0, 1, 1, 1, 1, 3]);
  });
});

describe("didYouMean", () => {
  it("suggests the closest candidate within the typo limit, ignoring case", () => {
    expect(didYouMean("URLL", ["URL", "DB"])).toBe("URL");
    expect(didYouMean("maxretries", ["maxRetries", "timeoutMs"])).toBe("maxRetries");
    expect(didYouMean("colour", ["host", "port"])).toBeUndefined();
    expect(didYouMean("db", ["url", "password"])).toBeUndefined();
  });
});
