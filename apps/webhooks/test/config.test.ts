import { resolveConfig } from "@hexkit/config";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configEnv, defaultConfig, WebhooksConfig } from "../src/config.js";
import { defaultRetrySchedule } from "../src/domain/retry-schedule.js";

const appDir = join(import.meta.dirname, "..");

describe("Configuration", () => {
  it("has a default for every setting, so the service starts with no file", () => {
    const config = defaultConfig();
    expect(config.server.port).toBe(8080);
    expect(config.delivery.schedule).toEqual(defaultRetrySchedule);
    expect(config.egress.allow).toEqual([]);
    expect(config.auth.jwtSecret).toBeUndefined();
  });

  it("reads config.example.yaml as exactly the defaults", () => {
    const loaded = resolveConfig(WebhooksConfig, { ...configEnv, cwd: appDir, configPath: join(appDir, "config.example.yaml"), env: {}, argv: [] });
    expect(loaded._unsafeUnwrap().value).toEqual(defaultConfig());
  });

  it("takes settings from WEBHOOKS__ variables", () => {
    const loaded = resolveConfig(WebhooksConfig, { ...configEnv, cwd: appDir, env: { WEBHOOKS__EGRESS__ALLOW: "127.0.0.0/8,::1/128", WEBHOOKS__DELIVERY__TIMEOUT_MS: "2000" }, argv: [], defaultConfigFile: "absent.yaml" });
    const config = loaded._unsafeUnwrap().value;
    expect(config.egress.allow).toEqual(["127.0.0.0/8", "::1/128"]);
    expect(config.delivery.timeoutMs).toBe(2000);
  });

  it("reports unknown and invalid settings", () => {
    const loaded = resolveConfig(WebhooksConfig, { ...configEnv, cwd: appDir, env: { WEBHOOKS__AUTH__JWT_SECRET: "short" }, argv: [], defaultConfigFile: "absent.yaml" });
    expect(loaded.isErr()).toBe(true);
  });
});
