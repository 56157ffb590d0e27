import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { z } from "zod";
import { secret } from "../src/index.js";

/** The schema most tests load: sections, defaults, bounds, enums, lists, records and a secret. */
export const appSchema = z.object({
  server: z.object({
    host: z.string().default("0.0.0.0"),
    port: z.number().int().min(1).max(65535).default(8080),
  }),
  redis: z.object({
    url: z.url().describe("Redis connection URL"),
    password: secret(z.string().min(8)).optional(),
    db: z.number().int().min(0).max(15).default(0),
  }),
  log: z.object({
    level: z.enum(["debug", "info", "warn", "error"]).default("info"),
    pretty: z.boolean().default(false),
  }),
  features: z.array(z.string()).default([]),
  endpoints: z.array(z.object({ url: z.url(), weight: z.number().default(1) })).default([]),
  tenants: z.record(z.string(), z.object({ quota: z.number().int().positive() })).default({}),
});

/** A temporary directory with `files` (relative path → content); `cleanup()` removes it. */
export function tempDir(files: Readonly<Record<string, string>> = {}): { dir: string; path(name: string): string; write(name: string, text: string): void; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "hexkit-config-"));
  const write = (name: string, text: string): void => {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  };
  for (const [name, text] of Object.entries(files)) write(name, text);
  return { dir, path: (name) => join(dir, name), write, cleanup: () => { rmSync(dir, { recursive: true, force: true }); } };
}
