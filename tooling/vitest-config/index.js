// Shared vitest preset. Tests run from source: the "@hexkit/source" export
// condition points every workspace package at its src/index.ts, so no build is
// needed first. Vitest 4's node environment reads ssr.resolve.conditions (not
// resolve.conditions), and replacing the list drops Vite's defaults, so they are
// added back here — all but "module", a bundler-only condition that Node
// ignores: with it, OpenTelemetry resolves to build/esm files that import each
// other without extensions and fail in the module runner. Without it, every
// package resolves in tests exactly as it does under plain Node.
import { defineConfig, mergeConfig } from "vitest/config";

const conditions = ["@hexkit/source", "node", "development|production"];

/**
 * @param {import("vitest/config").UserConfig} [overrides]
 */
export function hexkitVitestConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      resolve: { conditions },
      ssr: { resolve: { conditions, externalConditions: ["@hexkit/source"] } },
      test: {
        include: ["src/**/*.test.ts", "test/**/*.test.ts"],
        reporters: ["default", "json"],
        outputFile: { json: ".vitest/results.json" },
        testTimeout: 20_000,
        hookTimeout: 30_000,
      },
    }),
    defineConfig(overrides),
  );
}
