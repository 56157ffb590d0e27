import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HttpAppOptions } from "../src/index.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("shows the example file verbatim", () => {
    expect(readme).toContain(readFileSync(new URL("./readme.example.ts", import.meta.url), "utf8"));
  });

  it("lists every option in its table", () => {
    const leaves = (shape: Record<string, unknown>, prefix = ""): string[] =>
      Object.entries(shape).flatMap(([key, schema]) => {
        let inner = schema as { def?: { type?: string; innerType?: unknown; shape?: Record<string, unknown>; in?: unknown } };
        // Unwrap defaults, prefaults, optionals and refinements down to the object, if any.
        for (let i = 0; i < 5 && inner.def?.shape === undefined && inner.def?.innerType !== undefined; i++) inner = inner.def.innerType as typeof inner;
        return inner.def?.shape === undefined ? [`${prefix}${key}`] : leaves(inner.def.shape, `${prefix}${key}.`);
      });
    const options = leaves(HttpAppOptions.shape);
    expect(options.length).toBeGreaterThan(30);
    expect(options.filter((option) => !readme.includes(`\`${option}\``))).toEqual([]);
  });
});
