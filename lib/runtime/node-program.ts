import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { extname, isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Node } from "./node.js";

/**
 * A node program: how it installs itself on a Node (handlers, init hooks),
 * given the arguments after the binary. The same function runs under a stdio
 * process (`runIfMain`) and in a simulator, which creates the Node on its own
 * transport, clock and randomness. It must not touch the process: no
 * process.exit, stdin or stdout; bad arguments throw a NodeProgramExit.
 */
export type NodeProgram = (node: Node, args: readonly string[]) => void;

/**
 * Thrown by a NodeProgram that cannot start with its arguments (or was asked
 * for --help): a process prints `text` on `stream` and exits with `code`; a
 * simulator reports it as an error naming the program and its arguments.
 */
export class NodeProgramExit extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
    readonly stream: "stdout" | "stderr" = "stderr",
  ) {
    super(text);
    this.name = "NodeProgramExit";
  }
}

/** True if the module at `moduleUrl` is the file node was started with (`node dist/nodes/x.js`, or through tsx `nodes/x.ts`). */
export function isMainModule(moduleUrl: string, argv1: string | undefined = process.argv[1]): boolean {
  if (argv1 === undefined) return false;
  const real = (p: string) => {
    try {
      return pathToFileURL(realpathSync(p)).href;
    } catch {
      return undefined;
    }
  };
  const self = real(fileURLToPath(moduleUrl));
  if (self === undefined) return false;
  // Node also runs `node dist/nodes/echo` as dist/nodes/echo.js.
  return real(argv1) === self || (extname(argv1) === "" && real(argv1 + extname(fileURLToPath(moduleUrl))) === self);
}

/**
 * The main of a node program file: if this file is what node was started with,
 * creates a Node on stdin/stdout, installs the program with the command-line
 * arguments and runs it until stdin closes. A NodeProgramExit prints its text
 * and exits with its code. When the file is imported (by a simulator, or a
 * test), does nothing.
 */
export function runIfMain(moduleUrl: string, program: NodeProgram): void {
  if (!isMainModule(moduleUrl)) return;
  const node = new Node();
  try {
    program(node, process.argv.slice(2));
  } catch (e) {
    if (!isNodeProgramExit(e)) throw e;
    (e.stream === "stdout" ? console.log : console.error)(e.text);
    process.exit(e.code);
  }
  void node.main();
}

const MODULE_EXTENSIONS = new Set([".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"]);

/** A default export, written either way: `export default …` or `export { x as default }`. */
const DEFAULT_EXPORT = /\bexport\s+default\b|\bas\s+default\b/;

/**
 * Imports a node program file and returns its install function, for hosting it
 * in this process. What is not a program written with lib/ (another language,
 * or a script with no default export) gets a clear error, and is never run
 * here: only a file whose source declares a default export is imported. The
 * returned function turns a NodeProgramExit into an Error naming the file and
 * its arguments. A relative `path` is taken from `baseDir`, and messages name
 * the file relative to it (absolute when it lies outside).
 */
export async function loadNodeProgram(path: string, baseDir: string = process.cwd(), importer: ModuleImporter = importModule): Promise<NodeProgram> {
  const abs = resolve(baseDir, path);
  const rel = relative(baseDir, abs);
  const shown = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : abs;
  if (!existsSync(abs)) throw new Error(`${shown}: no such file${shown === abs ? "" : ` (looked for ${abs})`}`);
  if (!statSync(abs).isFile()) throw new Error(`${shown} is not a file`);
  const notProgram = (why: string) =>
    new Error(`${shown} is not a node program written with lib/ (${why}); it can only run as a process: with the test command, not the simulator`);
  if (!MODULE_EXTENSIONS.has(extname(abs))) throw notProgram(`not a JavaScript or TypeScript module: ${extname(abs) || "no extension"}`);
  if (!DEFAULT_EXPORT.test(readFileSync(abs, "utf8"))) throw notProgram("no default export install(node, args)");
  let mod: { default?: unknown };
  try {
    mod = await importer(abs);
  } catch (e) {
    throw new Error(`${shown} could not be loaded: ${(e as Error).message ?? String(e)}`);
  }
  const install = mod.default;
  if (typeof install !== "function") throw notProgram(`its default export is ${install === null ? "null" : typeof install === "object" ? "an object" : `a ${typeof install}`}, not install(node, args)`);
  return (node, args) => {
    try {
      (install as NodeProgram)(node, args);
    } catch (e) {
      if (!isNodeProgramExit(e)) throw e;
      const what = e.code === 0 ? `prints and exits instead of starting a node with the arguments ${JSON.stringify(args)}` : `refused its arguments ${JSON.stringify(args)}`;
      throw new Error(`${shown} ${what} (as a process it would exit ${e.code}): ${e.text}`);
    }
  };
}

/** How a host imports a node program file: by default node's own import(), which takes TypeScript only when the host runs through tsx. */
export type ModuleImporter = (absolutePath: string) => Promise<{ default?: unknown }>;

async function importModule(abs: string): Promise<{ default?: unknown }> {
  try {
    return (await import(pathToFileURL(abs).href)) as { default?: unknown };
  } catch (e) {
    if ((e as { code?: unknown }).code !== "ERR_UNKNOWN_FILE_EXTENSION" || !/\.[mc]?ts$/.test(abs)) throw e;
    throw new Error(`${(e as Error).message}: this process runs compiled JavaScript and cannot import TypeScript by itself; run it through tsx, or pass an importer that compiles the file first (the simulator's bundles it with esbuild)`);
  }
}

/**
 * Whether `e` is a NodeProgramExit, also one thrown by another copy of lib/
 * (a program imported from source by a host running from dist/).
 */
export function isNodeProgramExit(e: unknown): e is NodeProgramExit {
  return e instanceof Error && e.name === "NodeProgramExit" && typeof (e as NodeProgramExit).code === "number" && typeof (e as NodeProgramExit).text === "string";
}
