import { afterEach, describe, expect, it } from "vitest";
import { err, ok, validationError } from "@hexkit/core";
import type { Result, ValidationError } from "@hexkit/core";
import { z } from "zod";
import { loadConfig, resolveConfig } from "../src/index.js";
import { appSchema, tempDir } from "./fixtures.js";

const dirs: { cleanup(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});
function setup(files: Record<string, string>) {
  const d = tempDir(files);
  dirs.push(d);
  return d;
}

const defaults = {
  server: { host: "0.0.0.0", port: 8080 },
  log: { level: "info", pretty: false },
  features: [],
  endpoints: [],
  tenants: {},
};

describe("loadConfig: sources", () => {
  it("reads config.yaml from the working directory and applies the schema's defaults", () => {
    const d = setup({ "config.yaml": "server:\n  port: 3000\nredis:\n  url: redis://localhost:6379\nfeatures: [a, b]\n" });
    expect(loadConfig(appSchema, { cwd: d.dir, env: {}, argv: [] })).toEqual(
      ok({ ...defaults, server: { host: "0.0.0.0", port: 3000 }, redis: { url: "redis://localhost:6379", db: 0 }, features: ["a", "b"] }),
    );
  });

  it("runs on environment variables alone when ./config.yaml does not exist", () => {
    const d = setup({});
    expect(loadConfig(appSchema, { cwd: d.dir, env: { HEXKIT__REDIS__URL: "redis://r:6379" }, argv: [] })).toEqual(
      ok({ ...defaults, redis: { url: "redis://r:6379", db: 0 } }),
    );
  });

  it("takes the file from --config, --config=, -c, the HEXKIT_CONFIG variable and configPath, in that order of strength", () => {
    const d = setup({
      "a.yaml": "redis: { url: 'redis://a' }\n",
      "b.yaml": "redis: { url: 'redis://b' }\n",
      "config.yaml": "redis: { url: 'redis://default' }\n",
    });
    const url = (options: Parameters<typeof loadConfig>[1]) =>
      loadConfig(appSchema, { cwd: d.dir, argv: [], env: {}, ...options }).map((c) => c.redis.url);
    expect(url({})).toEqual(ok("redis://default"));
    expect(url({ env: { HEXKIT_CONFIG: "b.yaml" } })).toEqual(ok("redis://b"));
    expect(url({ argv: ["--config", "a.yaml"], env: { HEXKIT_CONFIG: "b.yaml" } })).toEqual(ok("redis://a"));
    expect(url({ argv: ["--config=a.yaml"] })).toEqual(ok("redis://a"));
    expect(url({ argv: ["-c", "a.yaml"] })).toEqual(ok("redis://a"));
    expect(url({ argv: ["--config", "a.yaml"], configPath: "b.yaml" })).toEqual(ok("redis://b"));
  });

  it("overlays environment variables on the file, coerced to the schema's types", () => {
    const d = setup({ "config.yaml": "server:\n  port: 3000\nredis:\n  url: redis://file\nlog:\n  level: debug\n" });
    const env = {
      HEXKIT__SERVER__PORT: "9090",
      HEXKIT__REDIS__URL: "redis://env",
      HEXKIT__LOG__PRETTY: "yes",
      HEXKIT__FEATURES: "search, export",
      HEXKIT__ENDPOINTS__0__URL: "https://a.example",
      HEXKIT__ENDPOINTS__0__WEIGHT: "2.5",
      HEXKIT__TENANTS__ACME__QUOTA: "10",
      OTHER_VARIABLE: "ignored",
    };
    expect(loadConfig(appSchema, { cwd: d.dir, env, argv: [] })).toEqual(
      ok({
        server: { host: "0.0.0.0", port: 9090 },
        redis: { url: "redis://env", db: 0 },
        log: { level: "debug", pretty: true },
        features: ["search", "export"],
        endpoints: [{ url: "https://a.example", weight: 2.5 }],
        tenants: { acme: { quota: 10 } },
      }),
    );
  });

  it("accepts JSON for lists and mappings in a variable, and a custom prefix and separator", () => {
    const d = setup({});
    const env = { APP_REDIS_URL: "redis://x", APP_FEATURES: '["a,b", "c"]', APP_TENANTS: '{"acme": {"quota": 3}}' };
    expect(loadConfig(appSchema, { cwd: d.dir, env, argv: [], envPrefix: "APP", envSeparator: "_" })).toEqual(
      ok({ ...defaults, redis: { url: "redis://x", db: 0 }, features: ["a,b", "c"], tenants: { acme: { quota: 3 } } }),
    );
  });

  it("treats a section left empty in the YAML as all defaults", () => {
    const d = setup({ "config.yaml": "server:\n  # port: 3000\nlog:\nredis:\n  url: redis://r\n" });
    expect(loadConfig(appSchema, { cwd: d.dir, env: {}, argv: [] })).toEqual(ok({ ...defaults, redis: { url: "redis://r", db: 0 } }));
  });

  it("maps camelCase keys to upper snake case segments", () => {
    const schema = z.object({ http: z.object({ maxBodyBytes: z.number(), trustProxy: z.boolean() }) });
    const env = { HEXKIT__HTTP__MAX_BODY_BYTES: "1048576", HEXKIT__HTTP__TRUST_PROXY: "false" };
    expect(loadConfig(schema, { cwd: setup({}).dir, env, argv: [] })).toEqual(ok({ http: { maxBodyBytes: 1048576, trustProxy: false } }));
  });

  it("coerces nullable and union settings from text", () => {
    const schema = z.object({ limit: z.number().nullable(), mode: z.union([z.number(), z.literal("auto")]), size: z.union([z.number(), z.literal("auto")]) });
    const env = { HEXKIT__LIMIT: "null", HEXKIT__MODE: "auto", HEXKIT__SIZE: "12" };
    expect(loadConfig(schema, { cwd: setup({}).dir, env, argv: [] })).toEqual(ok({ limit: null, mode: "auto", size: 12 }));
  });

  it("reports where each value came from", () => {
    const d = setup({ "config.yaml": "server:\n  port: 3000\nredis:\n  url: redis://file\n", "secrets/pw": "s3cretpassword\n" });
    const env = { HEXKIT__REDIS__URL: "redis://env", HEXKIT__REDIS__PASSWORD_FILE: d.path("secrets/pw") };
    const resolved = resolveConfig(appSchema, { cwd: d.dir, env, argv: [] })._unsafeUnwrap();
    expect(resolved.sourceOf(["server", "port"])).toEqual({ kind: "file", file: "config.yaml", line: 2, column: 9 });
    expect(resolved.sourceOf(["redis", "url"])).toEqual({ kind: "env", name: "HEXKIT__REDIS__URL" });
    expect(resolved.sourceOf(["redis", "password"])).toEqual({ kind: "secret-file", file: "secrets/pw", via: "HEXKIT__REDIS__PASSWORD_FILE" });
    expect(resolved.sourceOf(["server", "host"])).toEqual({ kind: "default" });
  });
});

describe("loadConfig: secrets", () => {
  it("reads a secret from the file named by its _FILE variable, without the trailing newline", () => {
    const d = setup({ "run/secrets/redis": "correct horse battery\n" });
    const env = { HEXKIT__REDIS__URL: "redis://r", HEXKIT__REDIS__PASSWORD_FILE: d.path("run/secrets/redis") };
    expect(loadConfig(appSchema, { cwd: d.dir, env, argv: [] }).map((c) => c.redis)).toEqual(
      ok({ url: "redis://r", password: "correct horse battery", db: 0 }),
    );
  });

  it("reads a file: reference in the YAML, relative to the config file's directory", () => {
    const d = setup({ "etc/app.yaml": "redis:\n  url: redis://r\n  password: file:../secrets/redis\n", "secrets/redis": "from-a-file-123" });
    expect(loadConfig(appSchema, { cwd: d.dir, env: {}, argv: ["--config", "etc/app.yaml"] }).map((c) => c.redis.password)).toEqual(
      ok("from-a-file-123"),
    );
  });

  it("coerces a secret file's text to the setting's type", () => {
    const schema = z.object({ pin: z.number().int() });
    const d = setup({ pin: "1234\n" });
    expect(loadConfig(schema, { cwd: d.dir, env: { HEXKIT__PIN_FILE: "pin" }, argv: [] })).toEqual(ok({ pin: 1234 }));
  });
});

describe("loadConfig: bad config, every kind with its exact message", () => {
  const load = (files: Record<string, string>, env: Record<string, string> = {}, argv: string[] = []) => {
    const d = setup(files);
    return { d, result: loadConfig(appSchema, { cwd: d.dir, env, argv }) };
  };
  const issuesOf = (r: Result<unknown, ValidationError>) => r._unsafeUnwrapErr().issues;

  it("reports malformed YAML with its line and column", () => {
    const { result } = load({ "config.yaml": "redis:\n  url: redis://r\n  db: [1, 2\nlog: {}\n" });
    expect(result).toEqual(
      err(
        validationError(
          [
            {
              path: [],
              code: "yaml_syntax",
              message: "Malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
              source: "config.yaml:4:1",
            },
          ],
          "Invalid configuration: 1 problem",
        ),
      ),
    );
  });

  it("reports a duplicated key as malformed YAML", () => {
    const { result } = load({ "config.yaml": "redis:\n  url: redis://a\n  url: redis://b\n" });
    expect(issuesOf(result)).toEqual([
      { path: [], code: "yaml_syntax", message: "Malformed YAML: Map keys must be unique", source: "config.yaml:3:3" },
    ]);
  });

  it("reports a tab used for indentation", () => {
    const { result } = load({ "config.yaml": "redis:\n\turl: redis://a\n" });
    expect(issuesOf(result)[0]).toEqual({
      path: [],
      code: "yaml_syntax",
      message: "Malformed YAML: Tabs are not allowed as indentation",
      source: "config.yaml:2:1",
    });
  });

  it("reports a file whose top level is not a mapping", () => {
    const { result } = load({ "config.yaml": "- redis\n- log\n" });
    expect(issuesOf(result)).toEqual([
      { path: [], code: "yaml_not_mapping", message: "The config file must contain a mapping of settings at the top level, found a list", source: "config.yaml:1:1" },
    ]);
  });

  it("reports a config file that was asked for and does not exist", () => {
    const { d, result } = load({}, {}, ["--config", "missing.yaml"]);
    expect(issuesOf(result)).toEqual([
      { path: [], code: "config_file_not_found", message: `Config file not found: ${d.path("missing.yaml")}`, source: "--config" },
    ]);
  });

  it("reports a --config flag without its file path", () => {
    const { result } = load({ "config.yaml": "redis: { url: 'redis://r' }\n" }, {}, ["--config"]);
    expect(issuesOf(result)).toEqual([{ path: [], code: "config_file_not_found", message: "--config needs a file path", source: "--config" }]);
  });

  it("reports a config file named by the variable that cannot be read", () => {
    const { d, result } = load({ "dir.yaml/x": "" }, { HEXKIT_CONFIG: "dir.yaml", HEXKIT__REDIS__URL: "redis://r" });
    expect(issuesOf(result)).toEqual([
      { path: [], code: "config_file_unreadable", message: `Cannot read config file ${d.path("dir.yaml")}: it is a directory`, source: "HEXKIT_CONFIG" },
    ]);
  });

  it("reports a wrong type with the value and its position in the file", () => {
    const { result } = load({ "config.yaml": "server:\n  port: eighty\nredis:\n  url: redis://r\n" });
    expect(issuesOf(result)).toEqual([
      { path: ["server", "port"], code: "invalid_type", message: 'Expected a number, received a string ("eighty")', source: "config.yaml:2:9" },
    ]);
  });

  it("reports a wrong type from a variable with the variable's name", () => {
    const { result } = load({}, { HEXKIT__REDIS__URL: "redis://r", HEXKIT__LOG__PRETTY: "maybe", HEXKIT__SERVER__PORT: "80.5" });
    expect(issuesOf(result)).toEqual([
      { path: ["server", "port"], code: "invalid_type", message: "Expected an integer, received a number (80.5)", source: "HEXKIT__SERVER__PORT" },
      { path: ["log", "pretty"], code: "invalid_type", message: 'Expected a boolean (true or false), received a string ("maybe")', source: "HEXKIT__LOG__PRETTY" },
    ]);
  });

  it("reports a missing required value with where it can be set", () => {
    const { result } = load({ "config.yaml": "server:\n  port: 3000\n" });
    expect(issuesOf(result)).toEqual([
      { path: ["redis", "url"], code: "invalid_type", message: "Missing required setting; set it in config.yaml or with HEXKIT__REDIS__URL" },
    ]);
  });

  it("names the _FILE variable too when a required secret is missing", () => {
    const schema = z.object({ apiKey: z.string().meta({ secret: true }) });
    const result = loadConfig(schema, { cwd: setup({}).dir, env: {}, argv: [] });
    expect(issuesOf(result)).toEqual([
      { path: ["apiKey"], code: "invalid_type", message: "Missing required setting; set it in the config file or with HEXKIT__API_KEY or HEXKIT__API_KEY_FILE" },
    ]);
  });

  it("reports numbers out of range, with the bound and the value", () => {
    const { result } = load({ "config.yaml": "server:\n  port: 70000\nredis:\n  url: redis://r\n  db: -1\n" });
    expect(issuesOf(result)).toEqual([
      { path: ["server", "port"], code: "too_big", message: "Must be at most 65535, received 70000", source: "config.yaml:2:9" },
      { path: ["redis", "db"], code: "too_small", message: "Must be at least 0, received -1", source: "config.yaml:5:7" },
    ]);
  });

  it("reports exclusive bounds, lengths, list sizes and multiples", () => {
    const schema = z.object({
      ratio: z.number().gt(0).lt(1),
      name: z.string().max(3),
      hosts: z.array(z.string()).min(1),
      step: z.number().multipleOf(5),
    });
    const d = setup({ "config.yaml": "ratio: 1\nname: abcdef\nhosts: []\nstep: 12\n" });
    expect(loadConfig(schema, { cwd: d.dir, env: {}, argv: [] })._unsafeUnwrapErr().issues).toEqual([
      { path: ["ratio"], code: "too_big", message: "Must be less than 1, received 1", source: "config.yaml:1:8" },
      { path: ["name"], code: "too_big", message: "Must be at most 3 characters long, received 6", source: "config.yaml:2:7" },
      { path: ["hosts"], code: "too_small", message: "Must have at least 1 item, received 0", source: "config.yaml:3:8" },
      { path: ["step"], code: "not_multiple_of", message: "Must be a multiple of 5, received 12", source: "config.yaml:4:7" },
    ]);
  });

  it("reports a value that is not one of the allowed options", () => {
    const { result } = load({ "config.yaml": "redis: { url: 'redis://r' }\nlog:\n  level: verbose\n" });
    expect(issuesOf(result)).toEqual([
      { path: ["log", "level"], code: "invalid_value", message: 'Expected one of "debug", "info", "warn", "error", received "verbose"', source: "config.yaml:3:10" },
    ]);
  });

  it("reports a malformed URL", () => {
    const { result } = load({}, { HEXKIT__REDIS__URL: "not a url" });
    expect(issuesOf(result)).toEqual([
      { path: ["redis", "url"], code: "invalid_format", message: 'Expected a valid URL, received "not a url"', source: "HEXKIT__REDIS__URL" },
    ]);
  });

  it("rejects an unknown key with a did-you-mean suggestion at the key's position", () => {
    const { result } = load({ "config.yaml": "reddis:\n  url: redis://r\nserver:\n  prot: 80\n  colour: blue\n" });
    expect(issuesOf(result)).toEqual([
      { path: ["reddis"], code: "unknown_key", message: 'Unknown setting "reddis"; did you mean "redis"?', source: "config.yaml:1:1" },
      { path: ["server", "prot"], code: "unknown_key", message: 'Unknown setting "prot"; did you mean "port"?', source: "config.yaml:4:3" },
      { path: ["server", "colour"], code: "unknown_key", message: 'Unknown setting "colour"', source: "config.yaml:5:3" },
      { path: ["redis", "url"], code: "invalid_type", message: "Missing required setting; set it in config.yaml or with HEXKIT__REDIS__URL" },
    ]);
  });

  it("rejects unknown keys inside lists and records", () => {
    const { result } = load({ "config.yaml": "redis: { url: 'redis://r' }\nendpoints:\n  - url: https://a.example\n    wieght: 2\ntenants:\n  acme: { quota: 1, qouta: 2 }\n" });
    expect(issuesOf(result)).toEqual([
      { path: ["endpoints", 0, "wieght"], code: "unknown_key", message: 'Unknown setting "wieght"; did you mean "weight"?', source: "config.yaml:4:5" },
      { path: ["tenants", "acme", "qouta"], code: "unknown_key", message: 'Unknown setting "qouta"; did you mean "quota"?', source: "config.yaml:6:21" },
    ]);
  });

  it("rejects an unknown variable under the prefix with a did-you-mean suggestion", () => {
    const { result } = load({}, { HEXKIT__REDIS__URL: "redis://r", HEXKIT__REDIS__URLL: "x", HEXKIT__NOPE: "1" });
    expect(issuesOf(result)).toEqual([
      { path: ["nope"], code: "unknown_key", message: "Unknown setting HEXKIT__NOPE", source: "HEXKIT__NOPE" },
      { path: ["redis", "urll"], code: "unknown_key", message: "Unknown setting HEXKIT__REDIS__URLL; did you mean HEXKIT__REDIS__URL?", source: "HEXKIT__REDIS__URLL" },
    ]);
  });

  it("reports a secret file that cannot be read, naming the variable", () => {
    const { d, result } = load({}, { HEXKIT__REDIS__URL: "redis://r", HEXKIT__REDIS__PASSWORD_FILE: "/nonexistent/hexkit/pw" });
    expect(d.dir).not.toBe("");
    expect(issuesOf(result)).toEqual([
      { path: ["redis", "password"], code: "secret_file_unreadable", message: "Cannot read secret file /nonexistent/hexkit/pw: no such file", source: "HEXKIT__REDIS__PASSWORD_FILE" },
    ]);
  });

  it("reports a file: reference that cannot be read, at its position in the YAML", () => {
    const { d, result } = load({ "config.yaml": "redis:\n  url: redis://r\n  password: file:./pw\n" });
    expect(issuesOf(result)).toEqual([
      { path: ["redis", "password"], code: "secret_file_unreadable", message: `Cannot read secret file ${d.path("pw")}: no such file`, source: "config.yaml:3:13" },
    ]);
  });

  it("never echoes a secret's value, and names the secret file as the source", () => {
    const { result } = load({ pw: "short\n" }, { HEXKIT__REDIS__URL: "redis://r", HEXKIT__REDIS__PASSWORD_FILE: "pw" });
    expect(issuesOf(result)).toEqual([
      { path: ["redis", "password"], code: "too_small", message: "Must be at least 8 characters long, received 5", source: "pw" },
    ]);
    const typed = load({ "config.yaml": "redis:\n  url: redis://r\n  password: 123456789\n" }).result;
    expect(issuesOf(typed)).toEqual([
      { path: ["redis", "password"], code: "invalid_type", message: "Expected a string, received a number", source: "config.yaml:3:13" },
    ]);
  });

  it("rejects a setting given both directly and as a file", () => {
    const { result } = load({ pw: "long-enough-password" }, { HEXKIT__REDIS__URL: "redis://r", HEXKIT__REDIS__PASSWORD: "x", HEXKIT__REDIS__PASSWORD_FILE: "pw" });
    expect(issuesOf(result)).toEqual([
      {
        path: ["redis", "password"],
        code: "conflicting_sources",
        message: "Both HEXKIT__REDIS__PASSWORD and HEXKIT__REDIS__PASSWORD_FILE are set; set only one",
        source: "HEXKIT__REDIS__PASSWORD, HEXKIT__REDIS__PASSWORD_FILE",
      },
    ]);
  });

  it("passes an application's own refinement message through", () => {
    const schema = z.object({ min: z.number(), max: z.number() }).refine((c) => c.min <= c.max, { error: "min must not exceed max", path: ["min"] });
    const d = setup({ "config.yaml": "min: 5\nmax: 1\n" });
    expect(loadConfig(schema, { cwd: d.dir, env: {}, argv: [] })._unsafeUnwrapErr().issues).toEqual([
      { path: ["min"], code: "custom", message: "min must not exceed max", source: "config.yaml:1:6" },
    ]);
  });

  it("lists every problem at once, from every source", () => {
    const { result } = load(
      { "config.yaml": "server:\n  port: 0\nlog:\n  levle: info\n" },
      { HEXKIT__REDIS__DB: "sixteen", HEXKIT__SERVER__HOTS: "x" },
    );
    expect(result).toEqual(
      err(
        validationError(
          [
            { path: ["server", "hots"], code: "unknown_key", message: "Unknown setting HEXKIT__SERVER__HOTS; did you mean HEXKIT__SERVER__HOST?", source: "HEXKIT__SERVER__HOTS" },
            { path: ["log", "levle"], code: "unknown_key", message: 'Unknown setting "levle"; did you mean "level"?', source: "config.yaml:4:3" },
            { path: ["server", "port"], code: "too_small", message: "Must be at least 1, received 0", source: "config.yaml:2:9" },
            { path: ["redis", "url"], code: "invalid_type", message: "Missing required setting; set it in config.yaml or with HEXKIT__REDIS__URL" },
            { path: ["redis", "db"], code: "invalid_type", message: 'Expected a number, received a string ("sixteen")', source: "HEXKIT__REDIS__DB" },
          ],
          "Invalid configuration: 5 problems",
        ),
      ),
    );
  });
});
