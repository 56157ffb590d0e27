// Shared ESLint flat config: typescript-eslint's strict type-checked rules, with
// no-floating-promises checking thenables so that a dropped ResultAsync (a
// thenable, not a Promise) fails lint instead of silently losing an error.
import tseslint from "typescript-eslint";

/** @param {string} tsconfigRootDir */
export function hexkitEslintConfig(tsconfigRootDir) {
  return tseslint.config(
    { ignores: ["dist/**", "coverage/**", "*.config.*", ".vitest/**"] },
    ...tseslint.configs.strictTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      rules: {
        "@typescript-eslint/no-floating-promises": ["error", { checkThenables: true }],
        "@typescript-eslint/explicit-module-boundary-types": "error",
        "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
        "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        "@typescript-eslint/no-extraneous-class": "off",
        "no-restricted-imports": [
          "error",
          {
            paths: [{ name: "neverthrow", message: "Import Result types from @hexkit/core: core/src/result.ts is the one seam." }],
            patterns: [{ group: ["../../*/src/*", "@hexkit/*/src/*"], message: "Import a package by its name and public exports." }],
          },
        ],
      },
    },
    {
      files: ["**/*.test.ts", "test/**/*.ts", "bench/**/*.ts"],
      rules: {
        "@typescript-eslint/no-non-null-assertion": "off",
        "@typescript-eslint/explicit-module-boundary-types": "off",
      },
    },
  );
}
