#!/bin/sh
":" //; exec "$(dirname -- "$0")/../scripts/run-node.sh" "$0" "$@"

// Maelstrom's g-set node: a grow-only set, replicated by the broadcast node's
// set-difference gossip (lib/broadcast/spread.ts), with its settings.
//   nodes/g-set.ts [frugal|fast|durable] [options]     (--help lists them)
import { z } from "zod";
import { parseBroadcastArgs, BROADCAST_USAGE } from "../lib/broadcast/broadcast-settings.js";
import { type BroadcastValue, broadcastValueProblem, isBroadcastValue } from "../lib/broadcast/broadcast-value.js";
import { GOSSIP_FIELDS, gossipBody } from "../lib/broadcast/broadcast-wire.js";
import { installSpread } from "../lib/broadcast/spread.js";
import { drawIncarnation } from "../lib/gossip/incarnation.js";
import { type Node, NodeProgramExit, runIfMain } from "../lib/index.js";

const USAGE = `nodes/g-set.ts: Maelstrom's g-set (add, read). It spreads elements as nodes/broadcast.ts
spreads values, and takes the same settings but --overlay topology (the g-set workload sends
no topology):
${BROADCAST_USAGE.replaceAll("nodes/broadcast.ts", "nodes/g-set.ts").replaceAll("-w broadcast", "-w g-set")}`;

/** An element: what the broadcast node stores (whole numbers within 2^53-1, or strings), so that a read gives back what was added. */
const Element = z.unknown().transform((v, ctx) => {
  const problem = broadcastValueProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: `g-set elements are stored as broadcast values are: ${problem}` });
  return v as BroadcastValue;
});
const Add = z.object({ element: Element });
const Gossip = z.object(GOSSIP_FIELDS);

/**
 * A client's `add` stores the element and spreads it; `read` answers every
 * element this node holds. Elements spread over a star through the first node
 * (frugal by default), with failover to ring neighbours while the hub is cut
 * off, and are resent until acknowledged: after a partition heals every node
 * gets what it missed. A node killed and started again draws a new
 * incarnation, so its peers see it came back empty and send it everything.
 */
export default function install(node: Node, args: readonly string[]): void {
  if (args.includes("--help") || args.includes("-h")) throw new NodeProgramExit(0, USAGE, "stdout");
  const parsed = parseBroadcastArgs(args);
  if (!parsed.ok) throw new NodeProgramExit(2, `g-set: ${parsed.error}\n${USAGE}`);
  // The g-set workload sends no topology, so a node on that overlay would have no one to gossip with.
  if (parsed.settings.overlay === "topology") throw new NodeProgramExit(2, `g-set: --overlay topology: the g-set workload sends no topology; use star or total\n${USAGE}`);
  const incarnation = drawIncarnation(node.random, node.clock.now());
  const spread = installSpread<BroadcastValue>(node, {
    name: "g-set",
    settings: parsed.settings,
    incarnation,
    body: (o) => gossipBody(o.batch),
    durableTimeout: { shown: (v) => JSON.stringify(v), here: "it is kept here" },
  });
  node.onInit((n) => spread.start(n));
  node.on("add", Add, (m) => spread.add(m.body.element, { type: "add_ok" }));
  node.on("read", () => ({ type: "read_ok", value: [...spread.queue.values] }));
  node.on("gossip", Gossip, (m) => {
    if (!spread.isPeer(m.src)) return;
    const elements = m.body.values.filter(isBroadcastValue);
    if (elements.length < m.body.values.length) node.log.warn(`g-set: dropped ${m.body.values.length - elements.length} element(s) in a gossip from ${m.src} that cannot be stored exactly`);
    spread.receive(m.src, m.body, elements);
  });
}

runIfMain(import.meta.url, install);
