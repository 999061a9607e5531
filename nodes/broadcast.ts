#!/bin/sh
":" //; exec "$(dirname -- "$0")/../scripts/run-node.sh" "$0" "$@"

// Maelstrom's broadcast node (Gossip Glomers 3a-3e): set-difference gossip
// over a star with failover, or the given topology, or everyone.
//   nodes/broadcast.ts [frugal|fast|durable] [options]     (--help lists them)
import { type BroadcastInternals, installBroadcast } from "../lib/broadcast/broadcast-node.js";
import { BROADCAST_USAGE, parseBroadcastArgs } from "../lib/broadcast/broadcast-settings.js";
import { type Node, NodeProgramExit, runIfMain } from "../lib/index.js";

/**
 * Installs broadcast on a node with the settings its arguments choose; bad
 * arguments (and --help) throw a NodeProgramExit. `internals` are for test
 * fixtures that are this program with one part taken out.
 */
export function installBroadcastProgram(node: Node, args: readonly string[], internals: BroadcastInternals = {}): void {
  if (args.includes("--help") || args.includes("-h")) throw new NodeProgramExit(0, BROADCAST_USAGE, "stdout");
  const parsed = parseBroadcastArgs(args);
  if (!parsed.ok) throw new NodeProgramExit(2, `broadcast: ${parsed.error}\n${BROADCAST_USAGE}`);
  installBroadcast(node, parsed.settings, internals);
}

export default function install(node: Node, args: readonly string[]): void {
  installBroadcastProgram(node, args);
}

runIfMain(import.meta.url, install);
