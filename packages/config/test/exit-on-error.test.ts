import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { err, ok, validationError } from "@hexkit/core";
import { EX_CONFIG, exitOnConfigError, formatConfigError } from "../src/index.js";
import { tempDir } from "./fixtures.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const dirs: { cleanup(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

function runChild(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--conditions=@hexkit/source", "--import", "tsx", "test/fixtures/exit-child.ts"],
      { cwd: packageDir, env: { PATH: process.env["PATH"] ?? "", ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : (error.code as number | null), stdout, stderr });
      },
    );
  });
}

describe("formatConfigError", () => {
  it("lists every problem on its own line with its setting and source", () => {
    const error = validationError(
      [
        { path: [], code: "yaml_syntax", message: "Malformed YAML: Map keys must be unique", source: "config.yaml:3:3" },
        { path: ["endpoints", 0, "url"], code: "invalid_type", message: "Missing required setting; set it in config.yaml or with HEXKIT__ENDPOINTS__0__URL" },
      ],
      "Invalid configuration: 2 problems",
    );
    expect(formatConfigError(error)).toBe(
      "Invalid configuration: 2 problems\n" +
        "  - Malformed YAML: Map keys must be unique (config.yaml:3:3)\n" +
        "  - endpoints[0].url: Missing required setting; set it in config.yaml or with HEXKIT__ENDPOINTS__0__URL\n",
    );
  });
});

describe("exitOnConfigError", () => {
  it("answers the config of an Ok result without printing", () => {
    const printed: string[] = [];
    expect(exitOnConfigError(ok({ port: 1 }), { stderr: (t) => printed.push(t), exit: () => { throw new Error("exit"); } })).toEqual({ port: 1 });
    expect(printed).toEqual([]);
  });

  it("prints the problems and exits with 78 on an Err", () => {
    const printed: string[] = [];
    const codes: number[] = [];
    const error = validationError([{ path: ["port"], code: "too_big", message: "Must be at most 65535, received 70000", source: "HEXKIT__PORT" }], "Invalid configuration: 1 problem");
    expect(() =>
      exitOnConfigError(err(error), {
        stderr: (t) => printed.push(t),
        exit: (code) => {
          codes.push(code);
          throw new Error("exited");
        },
      }),
    ).toThrow("exited");
    expect({ printed, codes }).toEqual({
      printed: ["Invalid configuration: 1 problem\n  - port: Must be at most 65535, received 70000 (HEXKIT__PORT)\n"],
      codes: [EX_CONFIG],
    });
  });
});

describe("runWithConfig in a real process", () => {
  it("exits with code 78 and prints the problems for a person, without a stack trace", async () => {
    const d = tempDir({ "config.yaml": "server:\n  port: 70000\n  hots: x\ntoken: short\n" });
    dirs.push(d);
    const result = await runChild({ HEXKIT_CONFIG: d.path("config.yaml") });
    expect(result).toEqual({
      code: 78,
      stdout: "",
      stderr:
        "Invalid configuration: 3 problems\n" +
        `  - server.hots: Unknown setting "hots" (${d.path("config.yaml")}:3:3)\n` +
        `  - server.port: Must be at most 65535, received 70000 (${d.path("config.yaml")}:2:9)\n` +
        `  - token: Must be at least 8 characters long, received 5 (${d.path("config.yaml")}:4:8)\n`,
    });
  });

  it("starts the program with a valid config", async () => {
    const d = tempDir({ "config.yaml": "server:\n  port: 8080\n", token: "long-enough-token\n" });
    dirs.push(d);
    const result = await runChild({ HEXKIT_CONFIG: d.path("config.yaml"), HEXKIT__TOKEN_FILE: d.path("token") });
    expect(result).toEqual({ code: 0, stdout: "started on 8080\n", stderr: "" });
  });
});
