import { builtinModules } from "node:module";
import { posix } from "node:path";
import ts from "typescript";

/** The one runtime dependency core may have. */
export const allowedModules: readonly string[] = ["neverthrow"];

/** Globals that would give core I/O, timers or a Node-only API of its own. */
const forbiddenGlobals = new Set([
  "setTimeout",
  "setInterval",
  "setImmediate",
  "clearTimeout",
  "clearInterval",
  "clearImmediate",
  "queueMicrotask",
  "process",
  "Buffer",
  "require",
  "__dirname",
  "__filename",
  "fetch",
  "AbortController",
  "performance",
]);

const builtins = new Set(builtinModules);

function moduleProblem(specifier: string, fileName: string): string | undefined {
  if (specifier.startsWith(".")) {
    const target = posix.normalize(posix.join(posix.dirname(fileName), specifier));
    return target.startsWith("../") ? `imports "${specifier}", which is outside src` : undefined;
  }
  if (specifier.startsWith("node:")) return `imports the Node module "${specifier}"`;
  if (builtins.has(specifier) || builtins.has(specifier.split("/")[0] ?? "")) return `imports the Node builtin "${specifier}"`;
  if (allowedModules.includes(specifier)) return undefined;
  return `imports "${specifier}"; core may import only ${allowedModules.join(", ")}`;
}

/** True when `node` is a reference to a global of that name, not a member or a declaration's name. */
function isGlobalReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isQualifiedName(parent) && parent.right === node) return false;
  const named = parent as { name?: ts.Node };
  return named.name !== node;
}

/**
 * Every purity rule `source` (a file under core's src, named by its path
 * relative to src, with `/`) breaks: module imports (static, dynamic,
 * `require`, re-exports, type-only too) other than relative ones inside src
 * and neverthrow, and uses of I/O or timer globals.
 */
export function checkCoreSource(fileName: string, source: string): string[] {
  const problems: string[] = [];
  const { importedFiles } = ts.preProcessFile(source, true, true);
  for (const { fileName: specifier } of importedFiles) {
    const problem = moduleProblem(specifier, fileName);
    if (problem !== undefined) problems.push(`${fileName}: ${problem}`);
  }
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && forbiddenGlobals.has(node.text) && isGlobalReference(node)) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
      problems.push(`${fileName}:${line + 1}: uses the global "${node.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return problems;
}

/** Every rule core's package.json breaks: runtime dependencies other than neverthrow. */
export function checkCorePackage(manifest: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies", "bundleDependencies", "bundledDependencies"]) {
    const deps = manifest[field];
    if (deps === undefined) continue;
    const names = Array.isArray(deps) ? (deps as string[]) : Object.keys(deps as Record<string, unknown>);
    for (const name of names) {
      if (!(field === "dependencies" && allowedModules.includes(name))) problems.push(`package.json: ${field} has "${name}"`);
    }
  }
  return problems;
}
