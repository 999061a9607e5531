#!/bin/sh
":" //; exec "$(dirname -- "$0")/../scripts/run-node.sh" "$0" "$@"

// A PN-counter for Maelstrom's pn-counter (and g-counter) workloads: a CRDT
// (lib/counter/pn-counter.ts) whose whole state, one entry per node instance,
// every node sends to every peer on a timer. Adds and reads are answered
// locally; a state lost to a partition is sent again on the next tick, so the
// nodes agree once the partition heals and a tick has crossed.
//   nodes/pn-counter.ts [--gossip-ms MS]     (default 300)
//
// Not durable: an add acknowledged by a node killed before its next tick is
// lost. A restarted node counts under a fresh replica id (node id plus
// incarnation), so its peers' copies of its old entries never mask new adds.
import { z } from "zod";
import { PnCounter } from "../lib/counter/pn-counter.js";
import { drawIncarnation } from "../lib/gossip/incarnation.js";
import { type Node, NodeProgramExit, runIfMain } from "../lib/index.js";

const USAGE = "usage: pn-counter [--gossip-ms MS]  (MS > 0: how often each node sends its state to every peer; default 300)";
const Add = z.object({ delta: z.number().int() });
const Counts = z.record(z.string(), z.number().int().nonnegative());
const State = z.object({ p: Counts, n: Counts });

function parseArgs(args: readonly string[]): { gossipMs: number } {
  if (args.includes("--help") || args.includes("-h")) throw new NodeProgramExit(0, USAGE, "stdout");
  let gossipMs = 300;
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    if (args[i] === "--gossip-ms" && value !== undefined && Number(value) > 0 && Number.isFinite(Number(value))) {
      gossipMs = Number(value);
      i++;
    } else {
      throw new NodeProgramExit(2, `pn-counter: bad argument ${JSON.stringify(args[i])}${args[i] === "--gossip-ms" ? ` (needs a number of ms > 0, got ${JSON.stringify(value) ?? "nothing"})` : ""}\n${USAGE}`);
    }
  }
  return { gossipMs };
}

export default function install(node: Node, args: readonly string[] = []): void {
  const { gossipMs } = parseArgs(args);
  let counter: PnCounter | undefined;
  const started = () => {
    if (!counter) throw new Error("pn-counter: a request before init"); // the runtime answers those with error 11 first
    return counter;
  };
  node.onInit((n) => {
    counter = new PnCounter(`${n.id}/${drawIncarnation(n.random, n.clock.now())}`);
    n.every(gossipMs, () => {
      const state = started().state();
      for (const peer of n.peers) n.send(peer, { type: "pn_state", ...state });
    });
  });
  node.on("add", Add, (m) => {
    started().add(m.body.delta);
    return { type: "add_ok" };
  });
  node.on("read", () => ({ type: "read_ok", value: started().value }));
  node.on("pn_state", State, (m) => void started().merge(m.body)); // one-way: no reply
}

runIfMain(import.meta.url, install);
