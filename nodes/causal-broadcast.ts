#!/bin/sh
":" //; exec "$(dirname -- "$0")/../scripts/run-node.sh" "$0" "$@"

// Causal broadcast: Maelstrom's broadcast RPCs, where `read` lists the
// messages in this node's delivery order, which respects causality; `deps`
// and `clock` tokens for clients that move between nodes.
//   nodes/causal-broadcast.ts [frugal|fast|durable] [--deps-wait MS] [options]   (--help lists them)
import { installCausalBroadcast } from "../lib/causal/causal-node.js";
import { CAUSAL_USAGE, parseCausalArgs } from "../lib/causal/causal-settings.js";
import { type Node, NodeProgramExit, runIfMain } from "../lib/index.js";

/** Installs causal broadcast with the settings its arguments choose; bad arguments (and --help) throw a NodeProgramExit. */
export default function install(node: Node, args: readonly string[]): void {
  if (args.includes("--help") || args.includes("-h")) throw new NodeProgramExit(0, CAUSAL_USAGE, "stdout");
  const parsed = parseCausalArgs(args);
  if (!parsed.ok) throw new NodeProgramExit(2, `causal-broadcast: ${parsed.error}\n${CAUSAL_USAGE}`);
  installCausalBroadcast(node, parsed.settings);
}

runIfMain(import.meta.url, install);
