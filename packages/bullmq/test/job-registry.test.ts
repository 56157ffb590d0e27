import { err, ok, validationError } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJobs } from "../src/index.js";
import { validatePayload } from "../src/job-registry.js";

const jobs = defineJobs({
  send: z.object({ to: z.email(), body: z.object({ text: z.string().min(1), tags: z.array(z.string()) }) }),
  withDefault: z.object({ n: z.number().default(3) }),
});

describe("job registry", () => {
  it("answers the schema's output for a valid payload", () => {
    expect(validatePayload(jobs, "withDefault", {})).toEqual(ok({ n: 3 }));
  });

  it("reports every issue with its path under payload", () => {
    expect(validatePayload(jobs, "send", { to: "nope", body: { text: "", tags: [1] } })).toEqual(
      err(
        validationError(
          [
            { path: ["payload", "to"], message: "Invalid email address", code: "invalid_format" },
            { path: ["payload", "body", "text"], message: "Too small: expected string to have >=1 characters", code: "too_small" },
            { path: ["payload", "body", "tags", 0], message: "Invalid input: expected string, received number", code: "invalid_type" },
          ],
          'Invalid payload for job "send": payload.to: Invalid email address; payload.body.text: Too small: expected string to have >=1 characters; payload.body.tags.0: Invalid input: expected string, received number',
        ),
      ),
    );
  });

  it("reports an unknown job name as an issue at name", () => {
    expect(validatePayload(jobs, "toString", {})).toEqual(
      err(validationError([{ path: ["name"], message: 'Unknown job name "toString"', code: "unknown_job" }], 'Unknown job name "toString"')),
    );
  });
});
