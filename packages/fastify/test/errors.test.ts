import { readFileSync } from "node:fs";
import { errorTags } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { createHttpApp, frameworkStatusOf, problemKinds, renderAppError, slugOf, statusOf } from "../src/index.js";
import { recordingLogger } from "./fakes.js";
import { problemOf } from "./helpers.js";
import { sampleErrors, sampleRoutes } from "./sample-app.js";

const where = { instance: "/x", correlationId: "c-1" };
const settings = { typeBaseUri: "urn:hexkit:problem:", unavailableRetryAfterSeconds: 5 };

describe("error mapping", () => {
  it("maps every AppError tag to a status", () => {
    expect(Object.keys(statusOf).sort()).toEqual([...errorTags].sort());
  });

  it("renders a ValidationError with every issue", () => {
    expect(renderAppError(sampleErrors.ValidationError, where, settings)).toEqual({
      status: 422,
      headers: {},
      body: {
        type: "urn:hexkit:problem:validation-error",
        title: "Request failed validation",
        status: 422,
        detail: "name: Too short",
        instance: "/x",
        correlationId: "c-1",
        errors: [{ path: ["name"], message: "Too short", code: "custom" }],
      },
    });
  });

  it("renders RateLimited with Retry-After in whole seconds, rounded up", () => {
    expect(renderAppError(sampleErrors.RateLimited, where, settings)).toEqual({
      status: 429,
      headers: { "retry-after": "2" },
      body: {
        type: "urn:hexkit:problem:rate-limited",
        title: "Too many requests",
        status: 429,
        detail: "Rate limited; retry after 1500 ms",
        instance: "/x",
        correlationId: "c-1",
        retryAfterMs: 1500,
      },
    });
  });

  it("renders Unavailable with Retry-After and without the dependency or its cause", () => {
    const rendered = renderAppError(sampleErrors.Unavailable, where, settings);
    expect(rendered.headers).toEqual({ "retry-after": "5" });
    expect(JSON.stringify(rendered.body)).not.toMatch(/postgres|10\.0\.0\.7/);
  });

  it("renders Internal with a generic detail and never its message or cause", () => {
    expect(renderAppError(sampleErrors.Internal, where, settings).body).toEqual({
      type: "urn:hexkit:problem:internal",
      title: "Internal server error",
      status: 500,
      detail: "An unexpected error occurred. Quote the correlation id when reporting it.",
      instance: "/x",
      correlationId: "c-1",
    });
  });

  it.each(errorTags.map((tag) => [tag]))("answers %s from a handler as problem+json with its status", async (tag) => {
    const logger = recordingLogger();
    const app = createHttpApp({ routes: sampleRoutes(), logger });
    const res = await app.fastify.inject({ method: "GET", url: `/errors/${tag}` });
    expect(res.statusCode).toBe(statusOf[tag]);
    const body = problemOf(res);
    expect(body.type).toBe(`urn:hexkit:problem:${slugOf(tag)}`);
    expect(body.correlationId).toBe(res.headers["x-request-id"]);
    expect(res.body).not.toMatch(/secret|10\.0\.0\.7|stack/);
    if (tag === "RateLimited" || tag === "Unavailable") expect(res.headers["retry-after"]).toMatch(/^\d+$/);
    if (tag === "Internal") expect(logger.lines.find((l) => l.level === "error")?.fields.err).toBeInstanceOf(Error);
  });
});

describe("docs/errors.md", () => {
  const doc = readFileSync(new URL("../../../docs/errors.md", import.meta.url), "utf8");
  const documented = [...doc.matchAll(/^### (\w+)$/gm)].map((m) => m[1]);

  it("documents every problem kind and nothing else", () => {
    expect([...documented].sort()).toEqual([...problemKinds].sort());
  });

  it("states each kind's status and slug as the code maps them", () => {
    for (const kind of problemKinds) {
      const section = doc.split(`### ${kind}\n`)[1]?.split("\n### ")[0] ?? "";
      const statuses: Record<string, number> = { ...statusOf, ...frameworkStatusOf };
      expect(section, kind).toContain(`Status: **${statuses[kind]}**`);
      expect(section, kind).toContain(`Slug: \`${slugOf(kind)}\``);
    }
  });
});
