import { type Internal, type Result, err, internal, ok } from "@hexkit/core";
import { type Cause, Exit } from "effect";

/** Turns a defect (a die or an interrupt) into an error value of the caller's choice. */
export type DefectHandler<D> = (defect: Defect) => D;

/** What went wrong when an Effect ended without a typed error: a bug, or an interruption. */
export type Defect =
  | {
      readonly _tag: "Die";
      readonly defect: unknown;
      /** The whole cause, when the Effect ran (absent when it could not start, e.g. a disposed runtime). */
      readonly cause?: Cause.Cause<unknown>;
    }
  | { readonly _tag: "Interrupt"; readonly cause: Cause.Cause<unknown> };

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === "string") return value;
  try {
    // JSON.stringify answers undefined for undefined and functions, whatever its type says.
    const json = JSON.stringify(value) as string | undefined;
    return json ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The default defect handler: an `Internal` error (a bug) whose `cause` is
 * the thrown value for a die, or the whole `Cause` for an interruption.
 */
export const defectToInternal: DefectHandler<Internal> = (defect) =>
  defect._tag === "Die"
    ? internal(`Effect died: ${describe(defect.defect)}`, defect.defect)
    : internal("Effect was interrupted", defect.cause);

/**
 * Reads an Effect `Exit` as a neverthrow `Result`.
 *
 * - Success: `ok(value)`.
 * - A typed failure: `err(error)` with the SAME error object (first failure
 *   of the cause), so round trips through Effect keep errors exactly.
 * - A die anywhere in the cause wins over typed failures (a bug is reported
 *   as a bug, as `Effect.catchTag` does) and goes through `onDefect`.
 * - An interruption without a typed failure goes through `onDefect` too.
 */
export function exitToResult<A, E, D>(exit: Exit.Exit<A, E>, onDefect: DefectHandler<D>): Result<A, E | D> {
  if (Exit.isSuccess(exit)) return ok(exit.value);
  const { cause } = exit;
  for (const reason of cause.reasons) {
    if (reason._tag === "Die") return err(onDefect({ _tag: "Die", defect: reason.defect, cause }));
  }
  for (const reason of cause.reasons) {
    if (reason._tag === "Fail") return err(reason.error);
  }
  return err(onDefect({ _tag: "Interrupt", cause }));
}
