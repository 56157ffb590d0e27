import { connect } from "node:net";
import { createMemoryRateLimiter } from "@hexkit/memory";
import { createFakeClock } from "@hexkit/testing";
import fc from "fast-check";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpApp, createHttpApp } from "../src/index.js";
import { silentLogger } from "./fakes.js";
import { keys, sampleAuthenticator } from "./helpers.js";
import { sampleRoutes } from "./sample-app.js";

/**
 * Property tests: whatever arrives, the app answers below 500, every error
 * is problem+json whose status matches the answer's, and the server keeps
 * answering. Fixed seed and bounded runs, so CI is deterministic and quick.
 */
const seed = 20_250_101;
const numRuns = 200;

// Routes that fail on purpose (500/504 by design) are left out of the sample.
const deliberate = new Set(["/boom", "/rejects", "/bad-answer", "/errors/:tag", "/slow"]);

function fuzzApp(): HttpApp {
  const clock = createFakeClock();
  return createHttpApp({
    routes: sampleRoutes().filter((r) => !deliberate.has(r.path)),
    logger: silentLogger,
    clock,
    authenticator: sampleAuthenticator(),
    rateLimiter: createMemoryRateLimiter({ policy: { points: 1_000_000, durationMs: 60_000 }, clock }),
    options: { bodyLimitBytes: 2_048, rateLimit: { points: 1_000_000 } },
  });
}

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 });
const anyText = fc.string({ unit: "binary", maxLength: 40 });

const segment = fc.oneof(
  fc.constantFrom("items", "tenants", "t1", "t2", "abc", "missing", "whoami", "context", "healthz", "readyz", "openapi.json", "", "..", "%", "%zz", "%E0%A4%A"),
  fc.webSegment(),
  anyText.map((s) => encodeURIComponent(s)),
  fc.string({ minLength: 90, maxLength: 260, unit: fc.constantFrom("a", "b", "-") }),
);
const path = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("/items", "/whoami", "/context", "/healthz", "/readyz", "/openapi.json") },
  { weight: 4, arbitrary: segment.map((s) => `/items/${s}`) },
  { weight: 2, arbitrary: segment.map((s) => `/tenants/${s}/items`) },
  { weight: 2, arbitrary: fc.array(segment, { minLength: 0, maxLength: 5 }).map((parts) => `/${parts.join("/")}`) },
);
const query = fc.oneof(
  fc.constant(""),
  fc.webQueryParameters().map((q) => `?${q}`),
  fc.dictionary(fc.constantFrom("verbose", "x", "__proto__", "constructor", "a[b]"), fc.oneof(printable, anyText)).map(
    (d) => `?${Object.entries(d).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`,
  ),
);

const contentType = fc.constantFrom(
  undefined,
  "application/json",
  "application/json; charset=utf-8",
  "application/JSON",
  "text/plain",
  "application/xml",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=zz",
  "application/json; charset=latin1",
  "*/*",
  "",
);

const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.record({ name: fc.oneof(printable, fc.integer(), fc.constant(null)), tags: fc.array(fc.oneof(printable, fc.integer()), { maxLength: 8 }) }, { requiredKeys: [] }).map((v) =>
    JSON.stringify(v),
  ),
  fc.constantFrom('{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', "{", "[", "null", '"', "\u0000", "{}".repeat(2_000)),
  anyText,
);

const headers = fc.record(
  {
    "content-type": contentType,
    "x-request-id": fc.oneof(printable, fc.constant("a".repeat(300))),
    "x-api-key": fc.oneof(fc.constantFrom(keys.writer, keys.reader, keys.global), printable),
    authorization: fc.oneof(printable, printable.map((t) => `Bearer ${t}`)),
    traceparent: fc.oneof(printable, fc.constant("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")),
    "idempotency-key": printable,
    accept: printable,
  },
  { requiredKeys: [] },
);

const request = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"),
  path,
  query,
  headers,
  body,
});

function checkAnswer(res: LightMyRequestResponse, method: string): void {
  expect(res.statusCode).toBeGreaterThanOrEqual(200);
  expect(res.statusCode).toBeLessThan(500);
  if (res.statusCode >= 400 && method !== "HEAD") {
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const problem = res.json<Record<string, unknown>>();
    expect(problem.status).toBe(res.statusCode);
    expect(typeof problem.type).toBe("string");
    expect(typeof problem.title).toBe("string");
    expect(problem.correlationId).toBe(res.headers["x-request-id"]);
    expect(res.body).not.toMatch(/\n\s+at |node_modules/);
  }
}

describe("fuzz: random requests through inject()", () => {
  let app: HttpApp;
  beforeAll(() => {
    app = fuzzApp();
  });
  afterAll(() => app.close());

  it("never answers 5xx, always answers problem+json on errors, and keeps answering", async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const cleanHeaders = Object.fromEntries(Object.entries(r.headers).filter(([, v]) => v !== undefined)) as Record<string, string>;
        const res = await app.fastify.inject({
          method: r.method as "GET",
          url: `${r.path}${r.query}`,
          headers: cleanHeaders,
          ...(r.body === undefined ? {} : { payload: r.body }),
        });
        checkAnswer(res, r.method);
        seen.add(res.statusCode);
      }),
      { seed, numRuns },
    );
    // The generator reaches the routes and each kind of failure, not just 404s.
    expect([...seen].sort()).toEqual(expect.arrayContaining([200, 400, 401, 403, 404, 405, 413, 415, 422]));
    const alive = await app.fastify.inject({ method: "GET", url: "/healthz" });
    expect(alive.statusCode).toBe(200);
  });

  it("answers every valid create with 201 (the model property)", async () => {
    const name = fc.string({ minLength: 1, maxLength: 50, unit: "grapheme" }).filter((s) => s.length <= 50);
    await fc.assert(
      fc.asyncProperty(name, fc.array(fc.string({ maxLength: 20 }), { maxLength: 5 }), async (n, tags) => {
        const res = await app.fastify.inject({ method: "POST", url: "/items", headers: { "x-api-key": keys.writer }, payload: { name: n, tags } });
        expect(res.statusCode).toBe(201);
        expect(res.json()).toEqual({ id: n, name: n, tags });
      }),
      { seed, numRuns: 100 },
    );
  });
});

describe("fuzz: random bytes over a real socket", () => {
  let app: HttpApp;
  let port: number;
  beforeAll(async () => {
    app = fuzzApp();
    port = (await app.listen())._unsafeUnwrap().port;
  });
  afterAll(() => app.close());

  function send(bytes: Uint8Array | string): Promise<string> {
    return new Promise((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.end(bytes);
      });
      let data = "";
      socket.setEncoding("latin1");
      socket.setTimeout(2_000, () => socket.destroy());
      socket.on("data", (chunk: string) => (data += chunk));
      socket.on("error", () => undefined);
      socket.on("close", () => { resolve(data); });
    });
  }

  const line = fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc
      .tuple(fc.constantFrom("GET", "POST", "BREW", "G\u0000T", ""), segment, fc.constantFrom("HTTP/1.1", "HTTP/1.0", "HTTP/9", ""), fc.array(printable, { maxLength: 4 }))
      .map(([m, p, v, hs]) => `${m} /${p} ${v}\r\n${hs.map((h) => `${h}\r\n`).join("")}\r\n`),
  );

  it("answers any bytes with an HTTP status below 500 (or closes), and the server keeps answering", async () => {
    await fc.assert(
      fc.asyncProperty(line, async (bytes) => {
        const answer = await send(bytes);
        const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1];
        if (status !== undefined) expect(Number(status)).toBeLessThan(500);
        if (status !== undefined && Number(status) >= 400 && !answer.startsWith("HTTP/1.1 405") && answer.includes("\r\n\r\n{")) {
          expect(answer.toLowerCase()).toContain("content-type: application/problem+json");
        }
      }),
      { seed, numRuns: 60 },
    );
    const alive = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(alive.status).toBe(200);
  });
});
