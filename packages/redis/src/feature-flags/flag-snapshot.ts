import type { FlagDefinition, Logger } from "@hexkit/core";
import { z } from "zod";

const StoredFlag = z.object({
  enabled: z.boolean(),
  percentage: z.number().min(0).max(100).optional(),
});

/** The JSON stored in the flags hash for one flag. */
export function encodeFlag(definition: FlagDefinition): string {
  return JSON.stringify(definition.percentage === undefined ? { enabled: definition.enabled } : definition);
}

/** Parses one stored flag; a malformed one (written by hand, another version) is `undefined`: off. */
export function decodeFlag(raw: string | null | undefined, flag: string, logger?: Logger): FlagDefinition | undefined {
  if (raw === null || raw === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = StoredFlag.safeParse(json);
  if (!parsed.success) {
    logger?.warn("ignoring a malformed feature flag in redis", { flag });
    return undefined;
  }
  const { enabled, percentage } = parsed.data;
  return percentage === undefined ? { enabled } : { enabled, percentage };
}

/** Parses the whole flags hash (`HGETALL`) into definitions. */
export function decodeAll(hash: Record<string, string>, logger?: Logger): Map<string, FlagDefinition> {
  const out = new Map<string, FlagDefinition>();
  for (const [flag, raw] of Object.entries(hash)) {
    const definition = decodeFlag(raw, flag, logger);
    if (definition !== undefined) out.set(flag, definition);
  }
  return out;
}
