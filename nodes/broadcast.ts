#!/bin/sh
":" //; exec "$(dirname -- "$0")/../scripts/run-node.sh" "$0" "$@"

// Maelstrom's broadcast node (Gossip Glomers 3a-3e): set-difference gossip
// over a star with failover, or the given topology, or everyone.
//   nodes/broadcast.ts [frugal|fast] [options]     (--help lists them)
import { installBroadcast } from "../lib/broadcast/broadcast-node.js";
import { BROADCAST_USAGE, parseBroadcastArgs } from "../lib/broadcast/broadcast-settings.js";
import { Node } from "../lib/index.js";

const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) {
  console.log(BROADCAST_USAGE);
  process.exit(0);
}
const parsed = parseBroadcastArgs(argv);
if (!parsed.ok) {
  console.error(`broadcast: ${parsed.error}\n${BROADCAST_USAGE}`);
  process.exit(2);
}
const node = new Node();
installBroadcast(node, parsed.settings);
void node.main();
