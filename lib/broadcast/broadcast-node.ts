import { z } from "zod";
import { GossipQueue } from "../gossip/gossip-queue.js";
import type { Node } from "../runtime/node.js";
import type { BroadcastSettings } from "./broadcast-settings.js";
import { activePeers, hubOf, onMainPeriod } from "./overlay.js";

const Value = z.union([z.number(), z.string()], { error: "broadcast values must be numbers or strings" });
const Topology = z.object({ topology: z.record(z.string(), z.array(z.string())) });
const Broadcast = z.object({ message: Value });
const Gossip = z.object({ seq: z.number().int().optional(), values: z.array(Value), acks: z.array(z.number().int()) });

/**
 * Maelstrom's broadcast protocol on a node: `topology`, `broadcast` and
 * `read` for clients, `gossip` between nodes. Values spread by set-difference
 * gossip (lib/gossip) over the overlay the settings choose.
 */
export function installBroadcast(node: Node, s: BroadcastSettings): GossipQueue<number | string> {
  const queue = new GossipQueue<number | string>({ ackDelayMs: s.ackDelayMs, initialRtoMs: s.rtoMs, maxRtoMs: s.maxRtoMs });
  let neighbours: string[] = [];
  const mainPeriod = () => onMainPeriod({ self: node.id, nodeIds: node.nodeIds, overlay: s.overlay });

  const refreshPeers = () => {
    const hub = hubOf(node.nodeIds);
    queue.setActivePeers(activePeers({ self: node.id, nodeIds: node.nodeIds, overlay: s.overlay, neighbours, hubSuspect: hub !== undefined && queue.suspect(hub) }));
  };
  const flush = (only?: string[]) => {
    for (const o of queue.tick(node.clock.now(), only)) node.send(o.peer, { type: "gossip", ...o.batch });
  };

  node.onInit((n) => {
    n.log.info(`broadcast: ${s.preset} ${JSON.stringify(s)}`);
    refreshPeers();
    n.every(mainPeriod() ? s.periodMs : s.leafPeriodMs, () => {
      refreshPeers();
      queue.pruneIdle(n.clock.now(), s.idleMs);
      flush();
    });
  });

  node.on("topology", Topology, (m) => {
    neighbours = m.body.topology[node.id] ?? [];
    refreshPeers();
    return { type: "topology_ok" };
  });

  node.on("broadcast", Broadcast, (m) => {
    // A star leaf hands a new value to the hub at once; the hub batches.
    if (queue.add(m.body.message) && s.eager && !mainPeriod()) flush(queue.activePeers);
    return { type: "broadcast_ok" };
  });

  node.on("read", () => ({ type: "read_ok", messages: [...queue.values] }));

  node.on("gossip", Gossip, (m) => {
    queue.receive(m.src, { seq: m.body.seq, values: m.body.values, acks: m.body.acks }, node.clock.now());
  });

  return queue;
}
