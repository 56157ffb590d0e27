import { hexkitVitestConfig } from "@hexkit/vitest-config";

// The shared preset resolves the "module" condition, which selects
// OpenTelemetry's build/esm files; those import each other without file
// extensions, which the module runner refuses ("Cannot find module
// …/build/esm/OTLPExporterBase"). Without "module", OpenTelemetry resolves to
// its CommonJS builds, as it does under plain Node (the published package,
// the benches). mergeConfig concatenates arrays, so the entry is removed here.
const config = hexkitVitestConfig();
const withoutModule = (conditions: string[] | undefined): string[] => (conditions ?? []).filter((c) => c !== "module");
if (config.resolve) config.resolve.conditions = withoutModule(config.resolve.conditions);
if (config.ssr?.resolve) config.ssr.resolve.conditions = withoutModule(config.ssr.resolve.conditions);

export default config;
