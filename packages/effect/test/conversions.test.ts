import {
  type AppError,
  conflict,
  err,
  errAsync,
  forbidden,
  internal,
  invalid,
  notFound,
  ok,
  okAsync,
  payloadTooLarge,
  rateLimited,
  ResultAsync,
  timeout,
  unauthorized,
  unavailable,
} from "@hexkit/core";
import { Cause, Context, Effect, Exit, Layer, ManagedRuntime } from "effect";
import { describe, expect, it } from "vitest";
import { defectToInternal, exitToResult, fromResult, fromResultAsync, toResultAsync } from "../src/index.js";

/** One error of every tag in the vocabulary, with every optional field set. */
const everyError: readonly AppError[] = [
  invalid(["endpoints", 0, "url"], "Expected an https URL", "invalid_url"),
  unauthorized(),
  forbidden("Not your endpoint"),
  notFound("message", "msg_1"),
  conflict("Endpoint already exists"),
  payloadTooLarge(1_048_576),
  rateLimited(1_500),
  unavailable("redis", new Error("ECONNREFUSED")),
  timeout(500, "cache.get"),
  internal("bug", new TypeError("x is undefined")),
];

class Greeting extends Context.Service<Greeting, { readonly text: string }>()("test/Greeting") {}

describe("fromResult", () => {
  it("succeeds with an Ok's value", async () => {
    expect(await Effect.runPromise(fromResult(ok(42)))).toBe(42);
  });

  it("fails with an Err's very error object", async () => {
    const error = notFound("endpoint", "ep_1");
    const exit = await Effect.runPromiseExit(fromResult(err(error)));
    expect(exit).toEqual(Exit.fail(error));
    expect(Exit.isFailure(exit) && exit.cause.reasons[0]?._tag === "Fail" && exit.cause.reasons[0].error).toBe(error);
  });

  it("calls a function source on every run", async () => {
    let calls = 0;
    const effect = fromResult(() => ok(++calls));
    expect(calls).toBe(0);
    expect(await Effect.runPromise(effect)).toBe(1);
    expect(await Effect.runPromise(effect)).toBe(2);
  });
});

describe("fromResultAsync", () => {
  it("succeeds with an Ok's value and fails with an Err's error", async () => {
    expect(await Effect.runPromise(fromResultAsync(okAsync("v")))).toBe("v");
    expect(await Effect.runPromiseExit(fromResultAsync(errAsync(timeout(100))))).toEqual(Exit.fail(timeout(100)));
  });

  it("starts a fresh ResultAsync on every run when given a function", async () => {
    let calls = 0;
    const effect = fromResultAsync(() => okAsync(++calls));
    expect(calls).toBe(0);
    expect(await Effect.runPromise(Effect.all([effect, effect]))).toEqual([1, 2]);
  });

  it("dies with the rejection when a ResultAsync rejects (a bug in the adapter)", async () => {
    const bug = new Error("adapter bug");
    const exit = await Effect.runPromiseExit(fromResultAsync(() => new ResultAsync<string, never>(Promise.reject(bug))));
    expect(exit).toEqual(Exit.die(bug));
  });

  it("lets Effect.catchTag handle a port error by its tag", async () => {
    const program = fromResultAsync(() => errAsync<string, AppError>(notFound("message", "msg_1"))).pipe(
      Effect.catchTag("NotFound", (error) => Effect.succeed(`no ${error.resource} ${error.id ?? ""}`)),
    );
    expect(await Effect.runPromise(program)).toBe("no message msg_1");
  });

  it("leaves other tags in the error channel, with their types", async () => {
    const program = fromResultAsync(() => errAsync<string, AppError>(rateLimited(250))).pipe(
      Effect.catchTag("NotFound", () => Effect.succeed("fallback")),
      Effect.catchTag("RateLimited", (error) => Effect.succeed(`retry in ${error.retryAfterMs} ms`)),
    );
    expect(await Effect.runPromise(program)).toBe("retry in 250 ms");
  });
});

describe("toResultAsync", () => {
  it("answers ok with the Effect's value", async () => {
    expect(await toResultAsync(Effect.succeed({ id: "m1" }))).toEqual(ok({ id: "m1" }));
  });

  it("answers the Effect's typed failure as the same object, not wrapped", async () => {
    const error = conflict("duplicate");
    const result = await toResultAsync(Effect.fail(error));
    expect(result).toEqual(err(error));
    expect(result.isErr() && result.error).toBe(error);
  });

  it("answers Internal with the defect as cause when the Effect dies", async () => {
    const bug = new TypeError("Cannot read properties of undefined");
    expect(await toResultAsync(Effect.die(bug))).toEqual(err(internal("Effect died: Cannot read properties of undefined", bug)));
  });

  it("answers Internal when a thrown exception escapes Effect.sync", async () => {
    const bug = new Error("thrown");
    const result = await toResultAsync(
      Effect.sync(() => {
        throw bug;
      }),
    );
    expect(result).toEqual(err(internal("Effect died: thrown", bug)));
  });

  it("answers Internal when the Effect is interrupted", async () => {
    const result = await toResultAsync(Effect.interrupt);
    expect(result.isErr() && result.error._tag).toBe("Internal");
    expect(result.isErr() && result.error.message).toBe("Effect was interrupted");
  });

  it("reports a defect rather than a typed failure when the cause holds both", async () => {
    const bug = new Error("finaliser bug");
    const effect = Effect.failCause(Cause.combine(Cause.fail(notFound("message")), Cause.die(bug)));
    expect(await toResultAsync(effect)).toEqual(err(internal("Effect died: finaliser bug", bug)));
  });

  it("runs with a ManagedRuntime's services", async () => {
    const runtime = ManagedRuntime.make(Layer.succeed(Greeting, { text: "hello" }));
    const result = await toResultAsync(
      Greeting.useSync((g) => g.text),
      runtime,
    );
    expect(result).toEqual(ok("hello"));
    await runtime.dispose();
  });

  it("answers a runtime's layer build error as a typed error", async () => {
    const failing = Layer.effect(Greeting, Effect.fail(unavailable("config")));
    const runtime = ManagedRuntime.make(failing);
    expect(await toResultAsync(Greeting, runtime)).toEqual(err(unavailable("config")));
    await runtime.dispose();
  });

  it("runs with a Context's services", async () => {
    const context = Context.make(Greeting, { text: "hi" });
    expect(await toResultAsync(Greeting.useSync((g) => g.text), context)).toEqual(ok("hi"));
  });

  it("never rejects, even on a disposed runtime", async () => {
    const runtime = ManagedRuntime.make(Layer.succeed(Greeting, { text: "hello" }));
    await runtime.dispose();
    const result = await toResultAsync(Greeting, runtime);
    expect(result.isErr() && result.error._tag).toBe("Internal");
  });
});

describe("round trips", () => {
  it.each(everyError.map((error) => [error._tag, error] as const))(
    "keeps a %s error exactly through ResultAsync -> Effect -> ResultAsync",
    async (_tag, error) => {
      const back = await toResultAsync(fromResultAsync(() => errAsync(error)));
      expect(back).toEqual(err(error));
      expect(back.isErr() && back.error).toBe(error);
    },
  );

  it.each(everyError.map((error) => [error._tag, error] as const))(
    "keeps a %s error exactly through Effect -> ResultAsync -> Effect",
    async (_tag, error) => {
      const exit = await Effect.runPromiseExit(fromResultAsync(() => toResultAsync(Effect.fail(error))));
      expect(exit).toEqual(Exit.fail(error));
    },
  );

  it("keeps values through both directions", async () => {
    const value = { id: "m1", tags: ["a"], nested: { n: 1 } };
    expect(await toResultAsync(fromResultAsync(() => okAsync(value)))).toEqual(ok(value));
  });
});

describe("exitToResult", () => {
  it("hands defects to the given handler", () => {
    const seen: string[] = [];
    const result = exitToResult(Exit.die("boom"), (defect) => {
      seen.push(defect._tag);
      return unavailable("svc");
    });
    expect(result).toEqual(err(unavailable("svc")));
    expect(seen).toEqual(["Die"]);
  });

  it("describes a non-Error defect in the Internal message", () => {
    expect(defectToInternal({ _tag: "Die", defect: { code: 7 } })).toEqual(internal('Effect died: {"code":7}', { code: 7 }));
  });
});
