/**
 * How settings map to environment variables: `<prefix><sep><SEGMENT><sep>…`,
 * each segment the key in upper snake case (`maxRetries` → `MAX_RETRIES`,
 * `tls-ca` → `TLS_CA`), array items by index (`ENDPOINTS__0__URL`).
 */
export interface EnvNaming {
  /** Prefix of every variable, without the separator. Default `HEXKIT`. */
  readonly prefix: string;
  /** Between the prefix and each segment. Default `__`. */
  readonly separator: string;
}

/** The defaults: `HEXKIT__REDIS__URL` → `redis.url`. */
export const defaultEnvNaming: EnvNaming = { prefix: "HEXKIT", separator: "__" };

/** Suffix that makes a variable name a file to read the value from. */
export const fileSuffix = "_FILE";

/** The environment segment of one key: `maxRetries` → `MAX_RETRIES`. */
export function envSegment(key: string | number): string {
  return String(key)
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toUpperCase();
}

/** The variable that sets `path`: `["redis", "url"]` → `HEXKIT__REDIS__URL`. */
export function envVarName(path: readonly (string | number)[], naming: EnvNaming = defaultEnvNaming): string {
  return [naming.prefix, ...path.map(envSegment)].join(naming.separator);
}
