/** The help of `maelstrom test`, made from the option table. */

import { type AnyOptionRow, OPTIONS, SECTIONS } from "./option-table.js";

const USAGE_WIDTH = 80;

function usage(): string {
  const label = (o: AnyOptionRow) => `${"short" in o && o.short ? `${o.short}, ` : "    "}${o.long}${"metavar" in o && o.metavar ? ` ${o.metavar}` : ""}`;
  const width = Math.max(...OPTIONS.map((o) => label(o).length)) + 2;
  const lines = [
    "Usage: maelstrom test --bin FILE [OPTIONS ...] [ARGS ...] [-- ARGS ...]",
    "",
    "Runs a Maelstrom test against FILE: starts one FILE process per node, drives",
    "the workload's clients and faults, checks the history and writes the run",
    "under --store. Arguments that are not options, and everything after --, are",
    "passed to FILE as its own arguments. Options take their value as --opt VALUE",
    "or --opt=VALUE. Options marked [+] go beyond Maelstrom; the others follow",
    "Maelstrom except where their text says otherwise. Node ids must be distinct",
    "and may not start with c (Maelstrom's client ids). Times are in seconds,",
    "latencies in milliseconds. Relative paths (--bin, --store, --nodes-file,",
    "--schedule) are taken from the folder the command was run from (in this",
    "repository, also under npm run and npm --prefix DIR run, which start it in",
    "the package's folder). A FILE ending in .ts is bundled once per run with",
    "esbuild and each node runs it with node (beyond Maelstrom, which would",
    "start the file itself).",
  ];
  for (const section of SECTIONS) {
    lines.push("", `${section}:`);
    for (const o of OPTIONS.filter((x) => x.section === section)) {
      const mark = o.origin === "ours" ? "[+] " : "";
      // Non-breaking spaces keep "(default: x)" on one line; wrap() splits only at plain spaces.
      const def = o.shown === "" ? "" : o.shown === "required" ? " (required)" : ` (default:\u00a0${o.shown.replace(/ /g, "\u00a0")})`;
      const lim = "limit" in o ? o.limit : undefined;
      const limit = lim ? `; at most\u00a0${lim.max}${lim.minAboveZero !== undefined ? ` and 0 or at least\u00a0${lim.minAboveZero.toFixed(6)}` : ""}` : "";
      const text = wrap(`${mark}${o.help}${limit}${def}`, USAGE_WIDTH - 2 - width);
      text.forEach((chunk, k) => lines.push(`  ${(k === 0 ? label(o) : "").padEnd(width)}${chunk.replace(/\u00a0/g, " ")}`));
    }
  }
  return lines.join("\n") + "\n";
}

/** Splits text at spaces into lines of at most `width` characters (longer words stay whole). */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") out.push(line);
  return out;
}

/** The help text of `maelstrom test`, listing every option with its default. */
export const TEST_USAGE: string = usage();
