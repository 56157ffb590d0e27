import { hexkitEslintConfig } from "@hexkit/eslint-config";

export default [
  ...hexkitEslintConfig(import.meta.dirname),
  // result.ts is the one file allowed to import neverthrow.
  { files: ["src/result.ts"], rules: { "no-restricted-imports": "off" } },
];
