import { watch } from "node:fs";
import type { FSWatcher } from "node:fs";
import { dirname } from "node:path";
import type { Internal, Result, ValidationError, ValidationIssue } from "@hexkit/core";
import { err, internal, ok, validationError } from "@hexkit/core";
import { z } from "zod";
import { readSecretFile } from "./config-file.js";
import { coerceText } from "./coerce.js";
import { formatConfigError } from "./format-error.js";
import { toValidationIssues } from "./issues.js";
import type { ResolvedConfig, SecretFileRef } from "./load-config.js";
import type { ConfigPath } from "./paths.js";
import { getAt, setAt } from "./paths.js";
import { formatPath } from "./value-source.js";

/** A secret whose file now holds a different (valid) value. */
export interface SecretChange {
  readonly path: ConfigPath;
  /** The path as text: `redis.password`. */
  readonly key: string;
  /** The new value, coerced and validated like at start-up. */
  readonly value: unknown;
  /** Absolute path of the file it was read from. */
  readonly file: string;
}

/** Options of `watchSecrets`. */
export interface WatchSecretsOptions {
  /** Signal that triggers a reload; `false` for none. Default `SIGHUP`. */
  readonly signal?: NodeJS.Signals | false;
  /** Also reload when a secret file's directory changes (covers atomic renames and Kubernetes' symlink swaps). Default true. */
  readonly watchFiles?: boolean;
  /** Quiet period after a file event before reloading, in ms. Default 100. */
  readonly debounceMs?: number;
  /** Told about unreadable or invalid files and throwing subscribers. Default: a message on stderr. */
  readonly onError?: (error: ValidationError | Internal) => void;
}

/** Re-reads file-based secrets and hands new values to subscribers. */
export interface SecretWatcher {
  /** Calls `listener` with each new value of the secret at `key` (`redis.password`). Answers an unsubscribe function. */
  subscribe(key: string, listener: (value: unknown, change: SecretChange) => void): () => void;
  /** Calls `listener` for every changed secret. Answers an unsubscribe function. */
  subscribeAll(listener: (change: SecretChange) => void): () => void;
  /** The latest valid value of the secret at `key`. */
  current(key: string): unknown;
  /**
   * Re-reads every secret file now and notifies subscribers of values that
   * changed. A file that cannot be read or whose value is invalid keeps its
   * previous value and is reported in the `Err` (other changes still apply).
   */
  reload(): Result<readonly SecretChange[], ValidationError>;
  /** Stops listening for the signal and file events. Idempotent. */
  close(): void;
}

const sameValue = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

function defaultOnError(error: ValidationError | Internal): void {
  process.stderr.write(
    error._tag === "ValidationError" ? formatConfigError(error) : `Secret subscriber failed: ${error.message}\n`,
  );
}

/**
 * Watches the secrets of `resolved` that were read from files (`*_FILE`
 * variables and `file:` references): on the signal (SIGHUP by default), on a
 * change in a secret file's directory, or on `reload()`, each file is read
 * again, coerced and validated with its setting's schema, and subscribers get
 * every value that changed. Notification is at-most-once per change and
 * synchronous; a subscriber that throws is reported and does not stop others.
 */
export function watchSecrets(resolved: ResolvedConfig<unknown>, options: WatchSecretsOptions = {}): SecretWatcher {
  const onError = options.onError ?? defaultOnError;
  const values = new Map<string, unknown>();
  for (const ref of resolved.secretFiles) values.set(formatPath(ref.path), getAt(resolved.value, ref.path).value);
  const byKey = new Map<string, Set<(value: unknown, change: SecretChange) => void>>();
  const all = new Set<(change: SecretChange) => void>();

  const notify = (change: SecretChange): void => {
    const listeners = [...(byKey.get(change.key) ?? []), ...[...all].map((l) => (_: unknown, c: SecretChange) => { l(c); })];
    for (const listener of listeners) {
      try {
        listener(change.value, change);
      } catch (cause) {
        onError(internal(`A subscriber to ${change.key} threw`, cause));
      }
    }
  };

  const readOne = (ref: SecretFileRef): { value: unknown } | { issues: ValidationIssue[] } => {
    const content = readSecretFile(ref.file);
    if ("error" in content) return { issues: [{ path: ref.path, code: "secret_file_unreadable", message: content.error, source: ref.file }] };
    const value = coerceText(ref.schema, content.value);
    const parsed = z.safeParse(ref.schema, value);
    if (parsed.success) return { value: parsed.data };
    const data: Record<string, unknown> = {};
    setAt(data, ref.path, value);
    const zodIssues = parsed.error.issues.map((issue) => ({ ...issue, path: [...ref.path, ...issue.path] }));
    return {
      issues: toValidationIssues(zodIssues, {
        schema: resolved.schema,
        data,
        naming: resolved.naming,
        fileDisplay: resolved.configFile?.display,
        sourceOf: () => ref.file,
      }),
    };
  };

  const reload = (): Result<readonly SecretChange[], ValidationError> => {
    const changes: SecretChange[] = [];
    const issues: ValidationIssue[] = [];
    for (const ref of resolved.secretFiles) {
      const read = readOne(ref);
      if ("issues" in read) {
        issues.push(...read.issues);
        continue;
      }
      const key = formatPath(ref.path);
      if (sameValue(values.get(key), read.value)) continue;
      values.set(key, read.value);
      changes.push({ path: ref.path, key, value: read.value, file: ref.file });
    }
    for (const change of changes) notify(change);
    if (issues.length === 0) return ok(changes);
    return err(validationError(issues, `Secret rotation: ${issues.length === 1 ? "1 problem" : `${issues.length} problems`}`));
  };

  const reloadAndReport = (): void => {
    const result = reload();
    if (result.isErr()) onError(result.error);
  };

  const signal = options.signal ?? "SIGHUP";
  if (signal !== false) process.on(signal, reloadAndReport);

  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      reloadAndReport();
    }, options.debounceMs ?? 100);
    timer.unref();
  };
  if (options.watchFiles !== false) {
    // Directories, not files: a rotated file is usually a new inode (rename or
    // symlink swap), which a watch on the old file would never report.
    for (const dir of new Set(resolved.secretFiles.map((ref) => dirname(ref.file)))) {
      try {
        const watcher = watch(dir, { persistent: false }, schedule);
        watcher.on("error", () => {
          watcher.close();
        });
        watchers.push(watcher);
      } catch {
        // A directory that cannot be watched still reloads on the signal.
      }
    }
  }

  let closed = false;
  return {
    subscribe(key, listener) {
      const set = byKey.get(key) ?? new Set();
      set.add(listener);
      byKey.set(key, set);
      return () => {
        set.delete(listener);
      };
    },
    subscribeAll(listener) {
      all.add(listener);
      return () => {
        all.delete(listener);
      };
    },
    current: (key) => values.get(key),
    reload,
    close() {
      if (closed) return;
      closed = true;
      if (signal !== false) process.off(signal, reloadAndReport);
      if (timer !== undefined) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
