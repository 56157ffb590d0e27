import { hexkitVitestConfig } from "@hexkit/vitest-config";

// As in @hexkit/otel: the preset's "module" condition selects OpenTelemetry's
// build/esm files, which import each other without file extensions and fail
// in the module runner. Without it, OpenTelemetry resolves to its CommonJS
// build, as under plain Node. mergeConfig concatenates arrays, so the entry
// is removed here rather than overridden.
const config = hexkitVitestConfig();
const withoutModule = (conditions: string[] | undefined): string[] => (conditions ?? []).filter((c) => c !== "module");
if (config.resolve) config.resolve.conditions = withoutModule(config.resolve.conditions);
if (config.ssr?.resolve) config.ssr.resolve.conditions = withoutModule(config.ssr.resolve.conditions);

export default config;
