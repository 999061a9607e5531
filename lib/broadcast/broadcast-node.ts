import { z } from "zod";
import type { GossipQueue } from "../gossip/gossip-queue.js";
import { drawIncarnation } from "../gossip/incarnation.js";
import type { Node } from "../runtime/node.js";
import type { BroadcastSettings } from "./broadcast-settings.js";
import { type BroadcastValue, isBroadcastValue } from "./broadcast-value.js";
import { GOSSIP_FIELDS, gossipBody, Value } from "./broadcast-wire.js";
import { installSpread, listIds } from "./spread.js";

const Broadcast = z.object({ message: Value });
// Values are checked one by one, so that one a peer should not have sent costs only itself.
const Gossip = z.object(GOSSIP_FIELDS);

/** Options for tests and fixtures, not for the command line. */
export interface BroadcastInternals {
  /**
   * Tell restarts apart with incarnations (default true). False gives the node
   * as it was before: no incarnation on its gossip, peers' ignored, so a peer
   * that restarts empty is never sent the values it is believed to hold
   * (test/fixtures/nodes/no-restart-handling.ts).
   */
  restartHandling?: boolean;
}

/**
 * Maelstrom's broadcast protocol on a node: `topology`, `broadcast` and
 * `read` for clients, `gossip` between nodes. Values spread by set-difference
 * gossip (lib/gossip) over the overlay the settings choose (spread.ts).
 *
 * Each installation (one node instance: a restarted process, or a new
 * program instance in the simulator) draws a fresh incarnation from the
 * node's randomness and clock, so that peers can tell it came back empty.
 */
export function installBroadcast(node: Node, s: BroadcastSettings, internals: BroadcastInternals = {}): GossipQueue<BroadcastValue> {
  const incarnation = internals.restartHandling === false ? undefined : drawIncarnation(node.random, node.clock.now());
  const spread = installSpread<BroadcastValue>(node, {
    name: "broadcast",
    settings: s,
    incarnation,
    body: (o) => gossipBody(o.batch),
    durableTimeout: { shown: (v) => JSON.stringify(v), here: "it is kept here" },
  });
  const queue = spread.queue;

  node.onInit((n) => {
    n.log.info(`broadcast: ${s.preset} ${JSON.stringify(s)}, incarnation ${incarnation ?? "none (restart handling off)"}`);
    spread.start(n);
  });

  node.on("broadcast", Broadcast, (m) => spread.add(m.body.message, { type: "broadcast_ok" }));

  node.on("read", () => ({ type: "read_ok", messages: [...queue.values] }));

  node.on("gossip", Gossip, (m) => {
    if (!spread.isPeer(m.src)) return;
    const values = m.body.values.filter(isBroadcastValue);
    if (values.length < m.body.values.length) {
      const bad = m.body.values.filter((v) => !isBroadcastValue(v)).map((v) => (typeof v === "number" ? String(v) : JSON.stringify(v) ?? String(v)));
      node.log.warn(`dropped ${bad.length} value(s) in a gossip from ${m.src} that cannot be stored exactly (not whole numbers within 2^53-1, nor strings): ${listIds(bad, 5)}`);
    }
    spread.receive(m.src, m.body, values);
  });

  return queue;
}
