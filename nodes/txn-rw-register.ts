#!/bin/sh
":" //; exec "$(dirname -- "$0")/../scripts/run-node.sh" "$0" "$@"

// Maelstrom's txn-rw-register workload, totally available and read committed
// (Gossip Glomers 6a-6c): each node runs a transaction on its own copy at
// once, answers, and replicates the transaction's writes to the other nodes
// in the background, a whole transaction at a time (lib/txn/).
//   nodes/txn-rw-register.ts    (no options; --help says so)
import { type Node, NodeProgramExit, runIfMain } from "../lib/index.js";
import { installReplicatedTxn } from "../lib/txn/replicated-txn-node.js";

const USAGE = `usage: nodes/txn-rw-register.ts  (no options)
Answers Maelstrom's txn-rw-register workload: every node runs each transaction on its own copy at once
(read committed, available under any partition) and replicates its writes to the other nodes.`;

export default function install(node: Node, args: readonly string[]): void {
  if (args.includes("--help") || args.includes("-h")) throw new NodeProgramExit(0, USAGE, "stdout");
  if (args.length > 0) throw new NodeProgramExit(2, `txn-rw-register: unexpected argument ${JSON.stringify(args[0])}\n${USAGE}`);
  installReplicatedTxn(node);
}

runIfMain(import.meta.url, install);
