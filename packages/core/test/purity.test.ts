import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkCorePackage, checkCoreSource } from "./support/purity.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const srcFiles = readdirSync(`${root}src`, { recursive: true, encoding: "utf8" })
  .map((f) => f.replaceAll("\\", "/"))
  .filter((f) => f.endsWith(".ts"));

describe("core purity", () => {
  it("reads the sources it checks", () => {
    expect(srcFiles).toContain("index.ts");
    expect(srcFiles).toContain("policies/cache-aside.ts");
  });

  it("depends on neverthrow alone", () => {
    const manifest = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as Record<string, unknown>;
    expect(checkCorePackage(manifest)).toEqual([]);
    expect(manifest.dependencies).toHaveProperty("neverthrow");
  });

  it("imports nothing but its own files and neverthrow, and uses no I/O or timer globals", () => {
    const problems = srcFiles.flatMap((f) => checkCoreSource(f, readFileSync(`${root}src/${f}`, "utf8")));
    expect(problems).toEqual([]);
  });
});

describe("core purity check", () => {
  it("flags node: imports, builtins and other packages, however they are imported", () => {
    const source = [
      'import { readFile } from "node:fs/promises";',
      'import type { Readable } from "stream";',
      'export { z } from "zod";',
      'import "fs/promises";',
      'const m = await import("os");',
      'const r = require("lodash");',
      'import { ok } from "neverthrow";',
      'import { x } from "./x.js";',
      'import { y } from "../y.js";',
      'import { z2 } from "../../../memory/src/index.js";',
    ].join("\n");
    expect(checkCoreSource("policies/bad.ts", source)).toEqual([
      'policies/bad.ts: imports the Node module "node:fs/promises"',
      'policies/bad.ts: imports the Node builtin "stream"',
      'policies/bad.ts: imports "zod"; core may import only neverthrow',
      'policies/bad.ts: imports the Node builtin "fs/promises"',
      'policies/bad.ts: imports the Node builtin "os"',
      'policies/bad.ts: imports "lodash"; core may import only neverthrow',
      'policies/bad.ts: imports "../../../memory/src/index.js", which is outside src',
      'policies/bad.ts:6: uses the global "require"',
    ]);
  });

  it("flags timers and Node globals but not members or names that merely match", () => {
    const source = [
      "// setTimeout in a comment is fine",
      "const t = setTimeout(() => {}, 10);",
      "const env = process.env.X;",
      "const clock = { setTimeout: 1 };",
      "clock.setTimeout;",
      "function f(deps: { fetch: () => void }) { deps.fetch(); }",
      "const b = Buffer.from('x');",
    ].join("\n");
    expect(checkCoreSource("bad.ts", source)).toEqual([
      'bad.ts:2: uses the global "setTimeout"',
      'bad.ts:3: uses the global "process"',
      'bad.ts:7: uses the global "Buffer"',
    ]);
  });

  it("flags runtime dependencies other than neverthrow", () => {
    expect(
      checkCorePackage({
        dependencies: { neverthrow: "8.2.0", zod: "^4" },
        peerDependencies: { neverthrow: "8" },
        devDependencies: { vitest: "^4" },
      }),
    ).toEqual(['package.json: dependencies has "zod"', 'package.json: peerDependencies has "neverthrow"']);
  });
});
