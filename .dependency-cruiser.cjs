// The architecture rules of hexkit, checked in CI (`pnpm arch`).
// tooling/arch/test/rules.test.ts runs them against fixtures that break each
// rule, so a rule that stops matching fails the build instead of passing quietly.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "core-no-node-builtins",
      comment: "packages/core is pure: no Node built-ins (no I/O, no timers of its own).",
      severity: "error",
      from: { path: "^packages/core/src" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "core-only-neverthrow",
      comment: "packages/core depends on neverthrow and nothing else.",
      severity: "error",
      from: { path: "^packages/core/src" },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown", "unknown", "undetermined"], pathNot: "/neverthrow/" },
    },
    {
      name: "core-no-other-packages",
      comment: "packages/core imports no other workspace package.",
      severity: "error",
      from: { path: "^packages/core/src" },
      to: { path: "^(packages|apps)/", pathNot: "^packages/core/" },
    },
    {
      name: "adapters-do-not-import-each-other",
      comment: "An adapter package's source depends on core (and its own driver), never on another adapter. Tests may use @hexkit/memory and @hexkit/testing.",
      severity: "error",
      from: { path: "^packages/([^/]+)/src/", pathNot: "\\.test\\.ts$" },
      to: { path: "^packages/([^/]+)/", pathNot: ["^packages/core/", "^packages/$1/"] },
    },
    {
      name: "packages-do-not-import-apps",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "only-through-public-exports",
      comment: "Reach another package by its name and its exports (src/index.ts), never by a relative path into its files.",
      severity: "error",
      from: { path: "^(packages|apps)/([^/]+)/" },
      to: { path: "^(packages|apps)/([^/]+)/", pathNot: ["^$1/$2/", "^packages/[^/]+/src/index\\.ts$"] },
    },
    {
      name: "no-circular",
      severity: "error",
      from: { path: "^(packages|apps)/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|coverage|node_modules)/" },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    tsConfig: { fileName: require("node:path").join(__dirname, "tsconfig.base.json") },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["@hexkit/source", "import", "types", "default"],
      extensions: [".ts", ".js", ".json"],
      mainFields: ["module", "main", "types"],
    },
  },
};
