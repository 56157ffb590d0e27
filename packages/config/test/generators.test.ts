import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { configJsonSchema, configMarkdownReference, printConfig, resolveConfig, runConfigCommand, secret } from "../src/index.js";
import { tempDir } from "./fixtures.js";

const schema = z.object({
  server: z.object({ port: z.number().int().min(1).max(65535).default(8080).describe("Port the HTTP server listens on") }),
  redis: z.object({ url: z.url().describe("Redis URL | with a pipe"), password: secret(z.string().min(8)).optional() }),
  mode: z.enum(["api", "worker"]).nullable().default(null),
  endpoints: z.array(z.object({ url: z.url() })).default([]),
  limits: z.record(z.string(), z.object({ rps: z.number().positive() })).default({}),
});

const dirs: { cleanup(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

describe("configJsonSchema", () => {
  it("describes the file's input side, rejects unknown keys and marks secrets", () => {
    expect(configJsonSchema(z.object({ port: z.number().int().max(10).default(1), token: secret(z.string()) }))).toEqual({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: {
        port: { type: "integer", default: 1, minimum: -9007199254740991, maximum: 10 },
        token: { type: "string", secret: true, writeOnly: true },
      },
      additionalProperties: false,
    });
  });

  it("keeps zod's required lists when asked", () => {
    expect(configJsonSchema(z.object({ a: z.string() }), { keepRequired: true })["required"]).toEqual(["a"]);
  });
});

describe("configMarkdownReference", () => {
  it("lists every setting with its type, default, variable and description", () => {
    const lines = configMarkdownReference(schema, { envPrefix: "APP" }).split("\n");
    expect(lines[0]).toBe("# Configuration reference");
    expect(lines.slice(4)).toEqual([
      "| Setting | Type | Default | Environment variable | Description |",
      "|---|---|---|---|---|",
      "| `server.port` | integer, 1–65535 | `8080` | `APP__SERVER__PORT` | Port the HTTP server listens on |",
      "| `redis.url` | string (uri) | **required** | `APP__REDIS__URL` | Redis URL \\| with a pipe |",
      "| `redis.password` | string, ≥ 8 chars, **secret** | — | `APP__REDIS__PASSWORD` or `APP__REDIS__PASSWORD_FILE` |  |",
      '| `mode` | one of `"api"`, `"worker"` or null | `null` | `APP__MODE` |  |',
      "| `endpoints[].url` | string (uri) | **required** | `APP__ENDPOINTS__<N>__URL` |  |",
      "| `limits.<key>.rps` | number, > 0 | **required** | `APP__LIMITS__<KEY>__RPS` |  |",
      "",
    ]);
  });
});

describe("printConfig", () => {
  it("shows the effective config with secrets redacted and each value's source", () => {
    const d = tempDir({ "config.yaml": "server:\n  port: 3000\nredis:\n  url: redis://file\n", pw: "hunter2hunter2\n" });
    dirs.push(d);
    const resolved = resolveConfig(schema, { cwd: d.dir, argv: [], env: { HEXKIT__REDIS__PASSWORD_FILE: "pw", HEXKIT__ENDPOINTS__0__URL: "https://a.example" } })._unsafeUnwrap();
    expect(printConfig(resolved)).toBe(
      [
        "server:",
        "  port: 3000 # config.yaml:2:9",
        "redis:",
        "  url: redis://file # config.yaml:4:8",
        '  password: "[redacted]" # pw (via HEXKIT__REDIS__PASSWORD_FILE)',
        "mode: null # default",
        "endpoints:",
        "  - url: https://a.example # HEXKIT__ENDPOINTS__0__URL",
        "limits: {}",
        "",
      ].join("\n"),
    );
    expect(JSON.parse(printConfig(resolved, { format: "json" }))).toEqual({
      server: { port: 3000 },
      redis: { url: "redis://file", password: "[redacted]" },
      mode: null,
      endpoints: [{ url: "https://a.example" }],
      limits: {},
    });
  });
});

describe("runConfigCommand", () => {
  const run = (args: string[], env: Record<string, string>, cwd: string) => {
    const out: string[] = [];
    const errOut: string[] = [];
    const code = runConfigCommand(schema, args, { cwd, env, stdout: (t) => out.push(t), stderr: (t) => errOut.push(t) });
    return { code, stdout: out.join(""), stderr: errOut.join("") };
  };

  it("check answers 0 for a valid config and 78 with the problems for an invalid one", () => {
    const d = tempDir({ "prod.yaml": "redis:\n  url: redis://r\n", "bad.yaml": "redis:\n  url: nope\n" });
    dirs.push(d);
    expect(run(["check", "--config", "prod.yaml"], {}, d.dir)).toEqual({ code: 0, stdout: "Configuration is valid (prod.yaml).\n", stderr: "" });
    expect(run(["check", "--config", "bad.yaml"], {}, d.dir)).toEqual({
      code: 78,
      stdout: "",
      stderr: 'Invalid configuration: 1 problem\n  - redis.url: Expected a valid URL, received "nope" (bad.yaml:2:8)\n',
    });
  });

  it("print shows the redacted config, as JSON with --json", () => {
    const d = tempDir({});
    dirs.push(d);
    const env = { HEXKIT__REDIS__URL: "redis://r", HEXKIT__REDIS__PASSWORD: "hunter2hunter2" };
    const printed = run(["print", "--json"], env, d.dir);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toEqual({ server: { port: 8080 }, redis: { url: "redis://r", password: "[redacted]" }, mode: null, endpoints: [], limits: {} });
    expect(run(["print", "--no-sources"], env, d.dir).stdout).toBe(
      'server:\n  port: 8080\nredis:\n  url: redis://r\n  password: "[redacted]"\nmode: null\nendpoints: []\nlimits: {}\n',
    );
  });

  it("schema and reference print the generated documents; anything else is a usage error", () => {
    const d = tempDir({});
    dirs.push(d);
    expect(JSON.parse(run(["schema"], {}, d.dir).stdout)).toEqual(configJsonSchema(schema));
    expect(run(["reference"], {}, d.dir).stdout).toBe(configMarkdownReference(schema));
    const unknown = run(["chekc"], {}, d.dir);
    expect({ code: unknown.code, first: unknown.stderr.split("\n")[0] }).toEqual({ code: 64, first: 'Unknown config command "chekc".' });
  });
});
