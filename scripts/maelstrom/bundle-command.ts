import { existsSync, statSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { bundleToFile } from "../../maelstrom-workloads/run/bundle-node.js";
import { commandName } from "../../maelstrom-workloads/options/command-name.js";
import { invocationDir } from "../../maelstrom-workloads/options/invocation-dir.js";

export const BUNDLE_USAGE = `Usage: ${commandName("maelstrom")} bundle FILE.ts [-o OUT]

Bundles a node program written in TypeScript (and everything it imports: this
runtime, zod, your own modules) into one executable JavaScript file with its
source map, for anything that starts its --bin as a program: the real
Maelstrom (maelstrom test -w echo --bin OUT), or a shell. OUT defaults to
FILE with .mjs for .ts, beside it. Types are stripped, not checked. Ours:
Maelstrom has no such command. The test and sim commands need no bundle:
they bundle a .ts --bin themselves, once per run.
Exit 0 written, 1 the file could not be bundled (its errors are named), 254
bad arguments.`;

/** `bundle FILE.ts [-o OUT]`: the exit code. */
export async function runBundleCommand(argv: readonly string[], out: (s: string) => void, err: (s: string) => void, baseDir = invocationDir()): Promise<number> {
  if (argv.includes("-h") || argv.includes("--help")) {
    out(BUNDLE_USAGE);
    return 0;
  }
  const args = [...argv];
  let outFile: string | undefined;
  const o = args.findIndex((a) => a === "-o" || a === "--out");
  if (o >= 0) {
    outFile = args[o + 1];
    if (outFile === undefined || outFile.startsWith("-")) return usage(err, `${args[o]} needs a file name`);
    args.splice(o, 2);
  }
  const bad = args.find((a) => a.startsWith("-"));
  if (bad) return usage(err, `unknown option ${JSON.stringify(bad)}`);
  if (args.length !== 1) return usage(err, args.length === 0 ? "which file? give the node program, e.g. ./my-node.ts" : `one file at a time; got ${args.length}`);
  const entry = resolve(baseDir, args[0]!);
  if (!existsSync(entry) || !statSync(entry).isFile()) return usage(err, `${args[0]}: no such file${existsSync(entry) ? " (it is a folder)" : ` (looked for ${entry})`}`);
  const target = resolve(baseDir, outFile ?? join(dirname(entry), `${basename(entry, extname(entry))}.mjs`));
  if (target === entry) return usage(err, `-o ${outFile}: that is the source file itself`);
  try {
    await bundleToFile(entry, target);
  } catch (e) {
    err(`bundle: ${(e as Error).message}`);
    return 1;
  }
  const shown = relative(baseDir, target) || target;
  out(`${shown}: executable, with ${basename(target)}.map beside it; run it under Maelstrom with --bin ${shown.startsWith(".") || shown.startsWith("/") ? shown : `./${shown}`}`);
  return 0;
}

function usage(err: (s: string) => void, why: string): number {
  err(`bundle: ${why}\n\n${BUNDLE_USAGE}`);
  return 254;
}
