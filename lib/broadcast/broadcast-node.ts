import { z } from "zod";
import type { Batch } from "../gossip/batch.js";
import type { OutgoingBody } from "../protocol/message.js";
import { GossipQueue } from "../gossip/gossip-queue.js";
import { drawIncarnation } from "../gossip/incarnation.js";
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
// inc, to_inc and ack_now are optional: a node from before them sends none, and ignores ours (z.object strips unknown keys).
const Gossip = z.object({
  seq: z.number().int().optional(),
  values: z.array(z.unknown()),
  acks: z.array(z.number().int()),
  inc: z.number().int().optional(),
  to_inc: z.number().int().optional(),
  ack_now: z.boolean().optional(),
});

/** A batch as a gossip body; fields that are absent stay absent on the wire. */
function gossipBody(b: Batch<BroadcastValue>): OutgoingBody {
  const body: OutgoingBody = { type: "gossip" };
  if (b.seq !== undefined) body.seq = b.seq;
  body.values = b.values;
  body.acks = b.acks;
  if (b.inc !== undefined) body.inc = b.inc;
  if (b.toInc !== undefined) body.to_inc = b.toInc;
  if (b.ackNow) body.ack_now = true;
  return body;
}

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
 *
 * Each installation (one node instance: a restarted process, or a new
 * program instance in the simulator) draws a fresh incarnation from the
 * node's randomness and clock, so that peers can tell it came back empty.
 */
export function installBroadcast(node: Node, s: BroadcastSettings, internals: BroadcastInternals = {}): GossipQueue<BroadcastValue> {
  const incarnation = internals.restartHandling === false ? undefined : drawIncarnation(node.random, node.clock.now());
  const queue = new GossipQueue<BroadcastValue>({ ackDelayMs: s.ackDelayMs, initialRtoMs: s.rtoMs, maxRtoMs: s.maxRtoMs }, incarnation);
  let neighbours: string[] = [];
  /** durable: values clients gave this node, not yet known to be held by another, with the replies that wait for that. */
  const awaiting = new Map<BroadcastValue, { replies: Set<() => void>; askedAt: number | undefined }>();
  const unknownSenders = new OncePerKey(UNKNOWN_SENDERS_LOGGED);
  const mainPeriod = () => onMainPeriod({ self: node.id, nodeIds: node.nodeIds, overlay: s.overlay });

  const refreshPeers = () => {
    const hub = hubOf(node.nodeIds);
    queue.setActivePeers(activePeers({ self: node.id, nodeIds: node.nodeIds, overlay: s.overlay, neighbours, hubSuspect: hub !== undefined && queue.suspect(hub) }));
  };
  const flush = (only?: string[]) => {
    const now = node.clock.now();
    for (const o of queue.tick(now, only)) {
      // A batch with a value awaiting a second holder asks for an immediate ack. One answer is enough, so one
      // peer is asked at a time; another only once a resend timeout has passed with no answer.
      for (const v of awaiting.size > 0 ? o.batch.values : []) {
        const w = awaiting.get(v);
        if (!w || (w.askedAt !== undefined && now - w.askedAt < s.rtoMs)) continue;
        w.askedAt = now;
        o.batch.ackNow = true;
      }
      node.send(o.peer, gossipBody(o.batch));
    }
  };
  /**
   * durable: the reply to a broadcast of `v`, sent once another node is known
   * to hold it, or error 0 after durableWaitMs (see BroadcastSettings: a late
   * reply could reach a client Maelstrom has closed). The value keeps spreading
   * either way.
   */
  const awaitHolder = (v: BroadcastValue) =>
    new Promise<{ type: "broadcast_ok" }>((resolve, reject) => {
      const w = awaiting.get(v) ?? { replies: new Set(), askedAt: undefined };
      awaiting.set(v, w);
      const timer = node.after(s.durableWaitMs, () => {
        w.replies.delete(ok);
        if (w.replies.size === 0 && awaiting.get(v) === w) awaiting.delete(v);
        reject(RpcError.timeout(`durable: no other node acknowledged holding ${JSON.stringify(v)} within ${s.durableWaitMs} ms (no peer reachable?); it is kept here and still being sent, so it may yet spread`));
      });
      const ok = () => {
        timer.cancel();
        resolve({ type: "broadcast_ok" });
      };
      w.replies.add(ok);
    });
  /** durable: answers the broadcasts whose values `peer` is now known to hold. */
  const heldBy = (peer: string) => {
    for (const [v, w] of awaiting) {
      if (!queue.knows(peer, v)) continue;
      awaiting.delete(v);
      for (const r of w.replies) r();
    }
  };

  node.onInit((n) => {
    n.log.info(`broadcast: ${s.preset} ${JSON.stringify(s)}, incarnation ${incarnation ?? "none (restart handling off)"}`);
    if (s.durable && n.peers.length === 0) n.log.warn("broadcast: durable, but this node has no peers, so no value can be held twice; broadcasts are answered at once");
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
    const v = m.body.message;
    const fresh = queue.add(v);
    const eager = s.eager && !mainPeriod();
    // durable: the reply waits until another node holds the value. With no other node there is no
    // second holder to wait for (init logged that durable cannot hold).
    const wait = s.durable && !queue.heldElsewhere(v) && node.peers.length > 0;
    const reply = wait ? awaitHolder(v) : undefined; // first, so that the batches below ask for an immediate ack
    // A star leaf hands a new value to the hub at once; the hub batches. With durable, the hub also sends a new
    // value at once, to one peer it can reach and not to all: the others get it at the next period.
    if (fresh && eager) flush(queue.activePeers);
    else if (fresh && wait) {
      const reachable = queue.activePeers.filter((p) => !queue.suspect(p));
      flush((reachable.length > 0 ? reachable : queue.activePeers).slice(0, 1));
    }
    return reply ?? { type: "broadcast_ok" };
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
    const before = queue.peerIncarnation(m.src);
    const b = m.body;
    queue.receive(m.src, { seq: b.seq, values, acks: b.acks, inc: b.inc, toInc: b.to_inc, ackNow: b.ack_now }, node.clock.now());
    if (queue.incarnation !== undefined && before !== undefined && b.inc !== undefined && b.inc !== before) {
      node.log.info(`gossip: ${m.src} has a new incarnation (${before} -> ${b.inc}): it restarted, or this is a late message from an earlier instance; forgetting what it held and sending it every value`);
    }
    if (awaiting.size > 0) heldBy(m.src);
    // The sender wants its batch acknowledged now (a value in it awaits a second holder): answer at once.
    if (b.ack_now && b.seq !== undefined) flush([m.src]);
  });

  return queue;
}
