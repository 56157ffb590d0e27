import { hexkitVitestConfig } from "@hexkit/vitest-config";

// The app composes @hexkit/otel, whose OpenTelemetry dependencies ship
// build/esm files that import each other without extensions; the "module"
// condition would select them and the module runner refuses them. Without it
// they resolve to their CommonJS builds, as under plain Node (same fix as
// packages/otel/vitest.config.ts).
const config = hexkitVitestConfig();
const withoutModule = (conditions: string[] | undefined): string[] => (conditions ?? []).filter((c) => c !== "module");
if (config.resolve) config.resolve.conditions = withoutModule(config.resolve.conditions);
if (config.ssr?.resolve) config.ssr.resolve.conditions = withoutModule(config.ssr.resolve.conditions);

export default config;
