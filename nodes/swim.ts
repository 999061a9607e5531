#!/bin/sh
":" //; exec "$(dirname -- "$0")/../scripts/run-node.sh" "$0" "$@"

// SWIM membership with Lifeguard's refinements, and a consistent-hash ring
// over the members believed alive: answers `members` and `lookup`.
//   nodes/swim.ts [options]     (--help lists them)
import { type Node, NodeProgramExit, runIfMain } from "../lib/index.js";
import { installSwim } from "../lib/swim/swim-node.js";
import { parseSwimArgs, SWIM_USAGE } from "../lib/swim/swim-settings.js";

/** Installs SWIM with the settings its arguments choose; bad arguments (and --help) throw a NodeProgramExit. */
export default function install(node: Node, args: readonly string[]): void {
  if (args.includes("--help") || args.includes("-h")) throw new NodeProgramExit(0, SWIM_USAGE, "stdout");
  const parsed = parseSwimArgs(args);
  if (!parsed.ok) throw new NodeProgramExit(2, `swim: ${parsed.error}\n${SWIM_USAGE}`);
  installSwim(node, parsed.settings);
}

runIfMain(import.meta.url, install);
