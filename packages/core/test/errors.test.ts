import { describe, expect, it } from "vitest";
import {
  type AppError,
  type ErrorTag,
  conflict,
  errorTags,
  forbidden,
  internal,
  invalid,
  isAppError,
  isTransient,
  notFound,
  payloadTooLarge,
  rateLimited,
  timeout,
  unauthorized,
  unavailable,
  validationError,
} from "../src/index.js";

const oneOfEach: Record<ErrorTag, AppError> = {
  ValidationError: invalid(["a"], "bad"),
  Unauthorized: unauthorized(),
  Forbidden: forbidden(),
  NotFound: notFound("user"),
  Conflict: conflict("dup"),
  PayloadTooLarge: payloadTooLarge(10),
  RateLimited: rateLimited(5),
  Unavailable: unavailable("redis"),
  Timeout: timeout(1),
  Internal: internal("bug"),
};

describe("error constructors", () => {
  it("build ValidationError with every issue and a message naming the first", () => {
    const issues = [
      { path: ["endpoints", 0, "url"], message: "Invalid URL", code: "invalid_url" },
      { path: ["name"], message: "Required" },
      { path: [], message: "Too many keys" },
    ];
    expect(validationError(issues)).toEqual({ _tag: "ValidationError", message: "endpoints.0.url: Invalid URL (and 2 more)", issues });
  });

  it("name a root issue without a path and a single issue without a count", () => {
    expect(validationError([{ path: [], message: "Expected an object" }]).message).toBe("Expected an object");
    expect(validationError([{ path: ["a", "b"], message: "Required" }]).message).toBe("a.b: Required");
  });

  it("fall back to a generic ValidationError message without issues, or take the one given", () => {
    expect(validationError([])).toEqual({ _tag: "ValidationError", message: "Invalid input", issues: [] });
    expect(validationError([], "Body is empty").message).toBe("Body is empty");
  });

  it("build a single-issue ValidationError with invalid()", () => {
    expect(invalid(["port"], "Too large")).toEqual({
      _tag: "ValidationError",
      message: "port: Too large",
      issues: [{ path: ["port"], message: "Too large", code: "custom" }],
    });
    expect(invalid([], "x", "too_big").issues[0]?.code).toBe("too_big");
  });

  it("build the simple errors with default and given messages", () => {
    expect(unauthorized()).toEqual({ _tag: "Unauthorized", message: "Missing or invalid credentials" });
    expect(unauthorized("Token expired")).toEqual({ _tag: "Unauthorized", message: "Token expired" });
    expect(forbidden()).toEqual({ _tag: "Forbidden", message: "Not allowed" });
    expect(forbidden("Admins only")).toEqual({ _tag: "Forbidden", message: "Admins only" });
    expect(conflict("Endpoint exists")).toEqual({ _tag: "Conflict", message: "Endpoint exists" });
  });

  it("build NotFound with and without an id", () => {
    expect(notFound("endpoint")).toEqual({ _tag: "NotFound", message: "endpoint not found", resource: "endpoint" });
    expect(notFound("endpoint", "ep_1")).toEqual({ _tag: "NotFound", message: "endpoint ep_1 not found", resource: "endpoint", id: "ep_1" });
  });

  it("build PayloadTooLarge with its limit", () => {
    expect(payloadTooLarge(1024)).toEqual({ _tag: "PayloadTooLarge", message: "Payload is larger than the limit of 1024 bytes", limitBytes: 1024 });
    expect(payloadTooLarge(1, "Too big").message).toBe("Too big");
  });

  it("build RateLimited with retryAfterMs clamped to at least 0", () => {
    expect(rateLimited(1500.2)).toEqual({ _tag: "RateLimited", message: "Rate limited; retry after 1501 ms", retryAfterMs: 1500.2 });
    expect(rateLimited(-10)).toEqual({ _tag: "RateLimited", message: "Rate limited; retry after 0 ms", retryAfterMs: 0 });
    expect(rateLimited(1, "Slow down").message).toBe("Slow down");
  });

  it("build Unavailable naming the dependency, keeping a cause only when given", () => {
    expect(unavailable("redis")).toEqual({ _tag: "Unavailable", message: "redis is unavailable", dependency: "redis" });
    const cause = new Error("ECONNREFUSED");
    expect(unavailable("redis", cause, "Cache down")).toEqual({ _tag: "Unavailable", message: "Cache down", dependency: "redis", cause });
    expect(unavailable("redis", cause).message).toBe("redis is unavailable");
    expect("cause" in unavailable("redis")).toBe(false);
  });

  it("build Timeout with and without the operation", () => {
    expect(timeout(250)).toEqual({ _tag: "Timeout", message: "Timed out after 250 ms", afterMs: 250 });
    expect(timeout(250, "redis get")).toEqual({ _tag: "Timeout", message: "redis get timed out after 250 ms", afterMs: 250, operation: "redis get" });
  });

  it("build Internal keeping a cause only when given", () => {
    expect(internal("bug")).toEqual({ _tag: "Internal", message: "bug" });
    expect(internal("bug", 42)).toEqual({ _tag: "Internal", message: "bug", cause: 42 });
  });
});

describe("isTransient", () => {
  const expected: Record<ErrorTag, boolean> = {
    ValidationError: false,
    Unauthorized: false,
    Forbidden: false,
    NotFound: false,
    Conflict: false,
    PayloadTooLarge: false,
    RateLimited: true,
    Unavailable: true,
    Timeout: true,
    Internal: false,
  };

  it.each(errorTags.map((tag) => [tag, expected[tag]] as const))("answers %s -> %s", (tag, transient) => {
    expect(isTransient(oneOfEach[tag])).toBe(transient);
  });

  it("answers false for a tag that is not ours", () => {
    expect(isTransient({ _tag: "SomethingElse" })).toBe(false);
    expect(isTransient({ _tag: "toString" })).toBe(false);
  });
});

describe("isAppError", () => {
  it("accepts every error the constructors build", () => {
    for (const tag of errorTags) expect(isAppError(oneOfEach[tag])).toBe(true);
  });

  it("rejects values that are not AppErrors", () => {
    for (const value of [null, undefined, 1, "NotFound", {}, { _tag: 1 }, { _tag: "Other" }, new Error("x")]) {
      expect(isAppError(value)).toBe(false);
    }
  });
});

describe("errorTags", () => {
  it("lists every tag once", () => {
    expect(new Set(errorTags).size).toBe(errorTags.length);
    expect([...errorTags].sort()).toEqual(Object.keys(oneOfEach).sort());
  });
});
