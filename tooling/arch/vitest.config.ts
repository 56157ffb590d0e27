import { hexkitVitestConfig } from "@hexkit/vitest-config";

export default hexkitVitestConfig({ test: { include: ["test/**/*.test.ts"] } });
