#!/bin/sh
":" //; exec "$(dirname -- "$0")/../scripts/run-node.sh" "$0" "$@"

// Maelstrom's unique-ids node (Gossip Glomers 2): answers every `generate`
// with an id no other node, and no earlier or later run of this node, gives.
//   nodes/unique-ids.ts     (no options)
import { drawIncarnation } from "../lib/gossip/incarnation.js";
import { type Node, NodeProgramExit, runIfMain } from "../lib/index.js";

const USAGE = `usage: nodes/unique-ids.ts
Answers Maelstrom's \`generate\` with ids "<node id>-<incarnation>-<counter>", e.g. "n1-3k9z2p1x-0".
No options.`;

/**
 * An id is "<node id>-<incarnation>-<counter>", coordination-free:
 * - the node id tells nodes apart;
 * - the counter tells this instance's ids apart;
 * - the incarnation tells instances of one node apart: a node killed and
 *   started again has empty memory, so its counter starts over at 0, and
 *   node id + counter alone would hand out its earlier ids again. It is drawn
 *   once per instance from the node's randomness and clock (drawIncarnation:
 *   53 bits, the clock mixed in for a host that restarts a node with the same
 *   random stream), so two instances share one only by a ~2^-53 chance.
 */
export default function install(node: Node, args: readonly string[]): void {
  if (args.includes("--help") || args.includes("-h")) throw new NodeProgramExit(0, USAGE, "stdout");
  if (args.length > 0) throw new NodeProgramExit(2, `unique-ids: unexpected argument(s) ${args.map((a) => JSON.stringify(a)).join(" ")}\n${USAGE}`);
  const incarnation = drawIncarnation(node.random, node.clock.now()).toString(36);
  let counter = 0;
  node.on("generate", () => ({ type: "generate_ok", id: `${node.id}-${incarnation}-${counter++}` }));
}

runIfMain(import.meta.url, install);
