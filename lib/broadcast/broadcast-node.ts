import { z } from "zod";
import { GossipQueue } from "../gossip/gossip-queue.js";
import { RpcError } from "../protocol/rpc-error.js";
import type { Node } from "../runtime/node.js";
import type { BroadcastSettings } from "./broadcast-settings.js";
import { type BroadcastValue, broadcastValueProblem, isBroadcastValue } from "./broadcast-value.js";
import { OncePerKey } from "./once-per-key.js";
import { activePeers, hubOf, neighboursFromTopology, onMainPeriod } from "./overlay.js";

const Value = z.unknown().optional().transform((v, ctx) => {
  const problem = broadcastValueProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
  return v as BroadcastValue;
});
// Read by own keys in neighboursFromTopology: a schema record would turn a "__proto__" key into a prototype.
const Topology = z.object({ topology: z.unknown().optional() });
const Broadcast = z.object({ message: Value });
// Values are checked one by one, so that one a peer should not have sent costs only itself.
const Gossip = z.object({ seq: z.number().int().optional(), values: z.array(z.unknown()), acks: z.array(z.number().int()) });

/** How many distinct unknown senders are named in the log before the node stops naming them. */
const UNKNOWN_SENDERS_LOGGED = 100;

/** Ids for a log line: at most `max`, each clipped, with how many were left out. */
function listIds(ids: readonly string[], max = 20): string {
  const shown = ids.slice(0, max).map((id) => (id.length > 40 ? `${id.slice(0, 40)}...` : id));
  return shown.join(", ") + (ids.length > max ? ` and ${ids.length - max} more` : "");
}

/**
 * Maelstrom's broadcast protocol on a node: `topology`, `broadcast` and
 * `read` for clients, `gossip` between nodes. Values spread by set-difference
 * gossip (lib/gossip) over the overlay the settings choose.
 */
export function installBroadcast(node: Node, s: BroadcastSettings): GossipQueue<BroadcastValue> {
  const queue = new GossipQueue<BroadcastValue>({ ackDelayMs: s.ackDelayMs, initialRtoMs: s.rtoMs, maxRtoMs: s.maxRtoMs });
  let neighbours: string[] = [];
  const unknownSenders = new OncePerKey(UNKNOWN_SENDERS_LOGGED);
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
    const t = neighboursFromTopology(m.body.topology, node.id, node.nodeIds);
    if (!t.ok) throw RpcError.malformedRequest(`invalid topology body: ${t.error}`);
    if (t.dropped.length > 0) node.log.warn(`topology: dropped ${t.dropped.length} neighbour(s) that are not other nodes of node_ids: ${listIds(t.dropped)}`);
    neighbours = t.neighbours;
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
    // Only the cluster's other nodes are peers: state kept for anyone else would grow with every made-up id.
    if (m.src === node.id || !node.nodeIds.includes(m.src)) {
      const first = unknownSenders.note(m.src);
      if (first === "first") node.log.warn(`ignoring gossip from ${listIds([m.src])}: not one of node_ids other than this node (${listIds(node.peers)}); its further messages are dropped silently`);
      if (first === "overflow") node.log.warn(`ignoring gossip from more than ${UNKNOWN_SENDERS_LOGGED} unknown senders; no longer naming them`);
      return;
    }
    const values = m.body.values.filter(isBroadcastValue);
    if (values.length < m.body.values.length) {
      const bad = m.body.values.filter((v) => !isBroadcastValue(v)).map((v) => (typeof v === "number" ? String(v) : JSON.stringify(v) ?? String(v)));
      node.log.warn(`dropped ${bad.length} value(s) in a gossip from ${m.src} that cannot be stored exactly (not whole numbers within 2^53-1, nor strings): ${listIds(bad, 5)}`);
    }
    queue.receive(m.src, { seq: m.body.seq, values, acks: m.body.acks }, node.clock.now());
  });

  return queue;
}
