import { hexkitEslintConfig } from "@hexkit/eslint-config";

export default hexkitEslintConfig(import.meta.dirname);
