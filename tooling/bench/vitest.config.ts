import { hexkitVitestConfig } from "@hexkit/vitest-config";

export default hexkitVitestConfig();
