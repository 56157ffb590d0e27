import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineBench } from "@hexkit/bench";
import { loadConfig, secret } from "@hexkit/config";
import { parse } from "yaml";
import { z } from "zod";

// A service-sized config: five sections, twenty-odd settings, a list and a secret.
const schema = z.object({
  server: z.object({ host: z.string().default("0.0.0.0"), port: z.number().int().min(1).max(65535).default(8080), bodyLimitBytes: z.number().int().positive().default(1_048_576) }),
  redis: z.object({ url: z.url(), password: secret(z.string().min(8)).optional(), keyPrefix: z.string().default("hexkit:") }),
  postgres: z.object({ url: z.url(), poolSize: z.number().int().min(1).max(100).default(10), statementTimeoutMs: z.number().int().positive().default(5000) }),
  log: z.object({ level: z.enum(["debug", "info", "warn", "error"]).default("info"), format: z.enum(["json", "pretty"]).default("json") }),
  delivery: z.object({
    concurrency: z.number().int().positive().default(8),
    timeoutMs: z.number().int().positive().default(10_000),
    retryScheduleMs: z.array(z.number().int().nonnegative()).default([0, 5000, 300_000]),
    endpoints: z.array(z.object({ url: z.url(), secret: secret(z.string()), events: z.array(z.string()) })).default([]),
  }),
});

const yamlText = `server:
  port: 3000
redis:
  url: redis://127.0.0.1:6379
postgres:
  url: postgres://postgres@127.0.0.1:5432/test
  poolSize: 20
log:
  level: debug
delivery:
  concurrency: 16
  endpoints:
    - url: https://a.example/hooks
      secret: whsec_abc
      events: [message.created, message.updated]
    - url: https://b.example/hooks
      secret: whsec_def
      events: [message.created]
`;

const dir = mkdtempSync(join(tmpdir(), "hexkit-config-bench-"));
const file = join(dir, "config.yaml");
writeFileSync(file, yamlText);
const env = { HEXKIT__REDIS__PASSWORD: "a-long-password", HEXKIT__LOG__FORMAT: "pretty", PATH: "/usr/bin", HOME: "/root" };

export default defineBench({
  kind: "micro",
  group: "config: loadConfig (file + env + sources + unknown keys) vs read + yaml.parse + zod parse",
  baseline: "raw read + yaml.parse + schema.parse",
  // loadConfig runs once at start-up; the budget is what it adds on top of the
  // bare parse: line positions, the env overlay, unknown-key checks.
  targets: { loadConfig: 0.5 },
  timeMs: 1500,
  tasks: {
    "raw read + yaml.parse + schema.parse": () => {
      const data = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      const redis = data["redis"] as Record<string, unknown>;
      redis["password"] = env.HEXKIT__REDIS__PASSWORD;
      return schema.parse(data);
    },
    loadConfig: () => loadConfig(schema, { configPath: file, env, argv: [], cwd: dir })._unsafeUnwrap(),
  },
  teardown: () => {
    rmSync(dir, { recursive: true, force: true });
  },
});
