import { describe, expect, it } from "vitest";
import { createBullmqQueue, createBullmqWorker } from "../src/index.js";
import { validateEnqueueOptions } from "../src/enqueue-options.js";
import { err, ok, validationError } from "@hexkit/core";
import { testJobs } from "./support.js";

describe("options", () => {
  it("refuses invalid queue options at creation, naming every issue", () => {
    expect(() => createBullmqQueue(testJobs, { queueName: "a:b", commandTimeoutMs: -1 })).toThrow(
      "createBullmqQueue: invalid options: queueName: Must not contain ':'; commandTimeoutMs: Too small: expected number to be >0",
    );
  });

  it("refuses a standalone worker without a queue name", () => {
    expect(() => createBullmqWorker(testJobs, { work: () => undefined as never, other: () => undefined as never }, {})).toThrow(
      "createBullmqWorker: invalid options: queueName",
    );
  });

  it("accepts valid enqueue options", () => {
    expect(validateEnqueueOptions({ delayMs: 0, priority: 1, attempts: 1, idempotencyKey: "k" })).toEqual(ok(undefined));
  });

  it("reports every invalid enqueue option with its path", () => {
    expect(validateEnqueueOptions({ delayMs: -1, priority: 0.5, attempts: 0, idempotencyKey: "" })).toEqual(
      err(
        validationError([
          { path: ["options", "delayMs"], message: "Must be a finite number of ms, at least 0", code: "invalid_option" },
          { path: ["options", "priority"], message: "Must be an integer from 1 (highest) to 2097152", code: "invalid_option" },
          { path: ["options", "attempts"], message: "Must be an integer, at least 1", code: "invalid_option" },
          { path: ["options", "idempotencyKey"], message: "Must be 1 to 1024 characters", code: "invalid_option" },
        ]),
      ),
    );
  });
});
