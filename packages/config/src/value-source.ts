/** Where one setting's value came from. */
export type ValueSource =
  /** A position in the config file (1-based line and column). */
  | { readonly kind: "file"; readonly file: string; readonly line: number; readonly column: number }
  /** An environment variable. */
  | { readonly kind: "env"; readonly name: string }
  /** A secret file, named by an `*_FILE` variable or a `file:` reference (`via`). */
  | { readonly kind: "secret-file"; readonly file: string; readonly via: string }
  /** The schema's default. */
  | { readonly kind: "default" };

/** The short form used in `ValidationIssue.source`: `config.yaml:12:3`, `HEXKIT__REDIS__URL`, `/run/secrets/x`. */
export function describeSource(source: ValueSource): string {
  switch (source.kind) {
    case "file":
      return `${source.file}:${source.line}:${source.column}`;
    case "env":
      return source.name;
    case "secret-file":
      return source.file;
    case "default":
      return "default";
  }
}

/** The long form used by `print`: a secret file also names the variable or line that pointed at it. */
export function describeSourceLong(source: ValueSource): string {
  return source.kind === "secret-file" ? `${source.file} (via ${source.via})` : describeSource(source);
}

/** A stable map key for a path. */
export const pathKey = (path: readonly (string | number)[]): string => JSON.stringify(path);

/** `redis.url`, `endpoints[0].url`; the empty path is `(root)`. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return "(root)";
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? key : `.${key}`;
  }
  return out;
}
