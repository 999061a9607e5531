import { existsSync, rmSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BuildOptions, Plugin } from "esbuild";

/** A TypeScript file: what node cannot start by itself, so the hosts bundle it first. */
export const TYPESCRIPT_FILE = /\.[mc]?ts$/;

/** One bundled node program: a single ES module (with its source map) in a folder of its own. */
export interface NodeBundle {
  /** The bundle's absolute path: `node --enable-source-maps <file>` starts the node. */
  file: string;
  /** Deletes the bundle's folder (idempotent). */
  remove(): Promise<void>;
  /** The same, synchronously: for a process 'exit' handler. */
  removeSync(): void;
}

export interface BundleOptions {
  /**
   * For a program imported into this process (the simulator): its imports of
   * this package's runtime (`maelstrom-nodes`, or lib/ by a relative path) are
   * left out of the bundle and load the runtime this process already runs, so
   * there is one Node class, one RpcError, as when the program is imported
   * from source. Without it (a node process) everything goes into the bundle.
   */
  shareRuntime?: boolean;
  /** Where the bundle's folder is made; the system's temp folder by default. */
  parentDir?: string;
}

/**
 * Bundles a node program written in TypeScript into one JavaScript file with
 * esbuild: every import (this runtime, zod, the program's own modules) in one
 * file, types stripped, not type-checked (a type error in one node does not
 * stop a run of another; `npm run typecheck` is where types are checked). One
 * file loads faster than the hundred modules of a compiled build, so 25 nodes
 * start within Maelstrom's 10 s init deadline on two cores; the source map
 * makes stack traces name the .ts lines. Throws an Error naming the file and
 * the first errors esbuild found (a syntax error, an import it cannot find).
 */
export async function bundleNode(entry: string, opts: BundleOptions = {}): Promise<NodeBundle> {
  const { build } = await import("esbuild");
  const dir = await mkdtemp(join(opts.parentDir ?? tmpdir(), "maelstrom-nodes-bin-"));
  const { options, bundle } = buildPlan(entry, dir, opts);
  try {
    await build(options);
  } catch (e) {
    await bundle.remove();
    throw new Error(`${entry} could not be bundled to run: ${describeBuildFailure(e)}`);
  }
  return bundle;
}

function buildPlan(entry: string, dir: string, opts: BundleOptions): { options: BuildOptions; bundle: NodeBundle } {
  const abs = resolve(entry);
  const file = join(dir, `${basename(abs, extname(abs))}.mjs`);
  const options: BuildOptions = {
    entryPoints: [abs],
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "linked",
    sourcesContent: false,
    logLevel: "silent",
    // What the program imports is looked up from its own folder up, as node does; failing that, among
    // this package's own dependencies (zod: nested, or beside it once npm has hoisted them), so that a
    // node file outside any project still bundles.
    nodePaths: ownDependencyFolders(),
    // `maelstrom-nodes` is the runtime this harness runs (the same version), wherever the file is.
    ...(opts.shareRuntime ? {} : { alias: { "maelstrom-nodes": hostEntry() } }),
    // A dependency written as CommonJS may call require() for node's own modules.
    banner: { js: 'import { createRequire as __maelstromNodesRequire } from "node:module"; const require = __maelstromNodesRequire(import.meta.url);' },
    plugins: opts.shareRuntime ? [shareRuntime()] : [],
  };
  const bundle: NodeBundle = {
    file,
    remove: () => rm(dir, { recursive: true, force: true }),
    removeSync: () => rmSync(dir, { recursive: true, force: true }),
  };
  return { options, bundle };
}

/** esbuild's failure as lines a person can follow to the place: "my-node.ts:12:4: Expected \";\" but found \"x\"". */
function describeBuildFailure(e: unknown): string {
  const errors = (e as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return (e as Error).message ?? String(e);
  const shown = errors.slice(0, 5).map((m) => (m.location ? `${resolve(m.location.file)}:${m.location.line}:${m.location.column + 1}: ${m.text}` : m.text));
  const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : "";
  return shown.join("; ") + more;
}

/**
 * This package's runtime as this process loaded it: the folder of lib/ next to
 * this file's own tree (dist/lib when running compiled, lib when from source),
 * and the extension its modules have there.
 */
function hostRuntime(): { libDir: string; ext: string; packageRoot: string } {
  const here = fileURLToPath(import.meta.url);
  const ext = extname(here); // ".js" compiled, ".ts" from source
  const treeRoot = resolve(dirname(here), "..", ".."); // dist/ or the package root
  const packageRoot = basename(treeRoot) === "dist" && existsSync(join(dirname(treeRoot), "package.json")) ? dirname(treeRoot) : treeRoot;
  return { libDir: join(treeRoot, "lib"), ext, packageRoot };
}

/** Where this package's dependencies are: its own node_modules, and the node_modules it is installed in. */
function ownDependencyFolders(): string[] {
  const { packageRoot } = hostRuntime();
  const folders = [join(packageRoot, "node_modules")];
  if (basename(dirname(packageRoot)) === "node_modules") folders.push(dirname(packageRoot));
  else if (basename(dirname(dirname(packageRoot))) === "node_modules") folders.push(dirname(dirname(packageRoot))); // a scoped name
  return folders;
}

/** The runtime's entry file as this process runs it (dist/lib/index.js compiled, lib/index.ts from source). */
function hostEntry(): string {
  const host = hostRuntime();
  return join(host.libDir, `index${host.ext}`);
}

/** The esbuild plugin behind BundleOptions.shareRuntime. */
function shareRuntime(): Plugin {
  const host = hostRuntime();
  const sourceLib = join(host.packageRoot, "lib") + sep;
  const builtLib = join(host.packageRoot, "dist", "lib") + sep;
  const external = (relInLib: string) => ({ path: pathToFileURL(join(host.libDir, relInLib.replace(/\.(js|ts)$/, "") + host.ext)).href, external: true });
  return {
    name: "maelstrom-nodes-share-runtime",
    setup(b) {
      b.onResolve({ filter: /^maelstrom-nodes$/ }, () => external("index.js"));
      // An import of lib/ by a relative or absolute path (a node in this repository, or one copied from it).
      b.onResolve({ filter: /^(\.\.?)?\// }, (args) => {
        const target = resolve(args.resolveDir, args.path);
        for (const lib of [sourceLib, builtLib]) {
          if (target.startsWith(lib)) return external(relative(lib, target));
        }
        return undefined;
      });
    },
  };
}

/**
 * The simulator's importer (see loadNodeProgram): node's import(), and for a
 * TypeScript file that this process cannot import (it runs compiled, as the
 * installed `maelstrom-nodes` command does) a bundle of it that shares this
 * process's runtime. The bundle's folder is deleted when the process exits
 * (the module stays loaded; stack traces keep its source map).
 */
export async function importNodeModule(abs: string): Promise<{ default?: unknown }> {
  // Running compiled, a .ts file is always bundled: a node that strips types by itself (22.18 and
  // later) would still refuse what esbuild takes (an enum, `./helper.js` for helper.ts).
  const compiled = import.meta.url.endsWith(".js");
  if (!compiled || !TYPESCRIPT_FILE.test(abs)) {
    try {
      return (await import(pathToFileURL(abs).href)) as { default?: unknown };
    } catch (e) {
      if ((e as { code?: unknown }).code !== "ERR_UNKNOWN_FILE_EXTENSION" || !TYPESCRIPT_FILE.test(abs)) throw e;
    }
  }
  const bundle = await bundleNode(abs, { shareRuntime: true });
  process.once("exit", () => bundle.removeSync());
  process.setSourceMapsEnabled(true);
  return (await import(pathToFileURL(bundle.file).href)) as { default?: unknown };
}

/**
 * Writes a node program's bundle to `outFile` as an executable script
 * (`#!/usr/bin/env -S node --enable-source-maps`, mode 755) with its source
 * map beside it: a file any runner that executes its --bin (the real
 * Maelstrom) can start, wherever it was written. Throws as bundleNode does.
 */
export async function bundleToFile(entry: string, outFile: string): Promise<void> {
  const { build } = await import("esbuild");
  const out = resolve(outFile);
  const scratch = await mkdtemp(join(tmpdir(), "maelstrom-nodes-bin-"));
  const { options } = buildPlan(entry, scratch, {});
  try {
    await build({ ...options, outfile: out });
  } catch (e) {
    throw new Error(`${entry} could not be bundled: ${describeBuildFailure(e)}`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  // esbuild keeps the entry's own #! line (ours start `#!/bin/sh` for their launcher): replace it.
  const code = (await readFile(out, "utf8")).replace(/^#![^\n]*\n/, "");
  await writeFile(out, `#!/usr/bin/env -S node --enable-source-maps\n${code}`);
  await chmod(out, 0o755);
}
