import type { Outgoing } from "../gossip/batch.js";
import { GossipQueue } from "../gossip/gossip-queue.js";
import type { OutgoingBody } from "../protocol/message.js";
import { RpcError } from "../protocol/rpc-error.js";
import type { Node } from "../runtime/node.js";
import type { BroadcastSettings } from "./broadcast-settings.js";
import { batchOf, type GossipFields, Topology } from "./broadcast-wire.js";
import { OncePerKey } from "./once-per-key.js";
import { activePeers, hubOf, neighboursFromTopology, onMainPeriod } from "./overlay.js";

/** How many distinct unknown senders are named in the log before the node stops naming them. */
const UNKNOWN_SENDERS_LOGGED = 100;

/** Ids for a log line: at most `max`, each clipped, with how many were left out. */
export function listIds(ids: readonly string[], max = 20): string {
  const shown = ids.slice(0, max).map((id) => (id.length > 40 ? `${id.slice(0, 40)}...` : id));
  return shown.join(", ") + (ids.length > max ? ` and ${ids.length - max} more` : "");
}

export interface SpreadOptions<V, K> {
  /** The node's name in log lines ("broadcast"). */
  name: string;
  settings: BroadcastSettings;
  /** This instance's incarnation (drawIncarnation); undefined turns restart handling off (see GossipQueue). */
  incarnation: number | undefined;
  /** What tells values apart (default: the value itself, which suits primitives). */
  key?: (v: V) => K;
  /** The gossip body of a batch about to go to `o.peer`, ack_now already set (default: gossipBody as it is). */
  body: (o: Outgoing<V>) => OutgoingBody;
  /**
   * durable: how the error after durableWaitMs names a value, and what it says
   * became of the value here ("it is kept here").
   */
  durableTimeout: { shown: (v: V) => string; here: string };
}

/** What a node built on the spread uses; see installSpread. */
export interface Spread<V, K> {
  readonly queue: GossipQueue<V, K>;
  /** From the node's init hook: starts the gossip timer (and warns if durable cannot hold). */
  start(n: Node): void;
  /**
   * A value a client gave this node: stored, and sent at once where the
   * settings say so. Returns `reply`, or with durable a promise of it that
   * resolves once another node holds the value (error 0 after durableWaitMs).
   */
  add<R>(v: V, reply: R): R | Promise<R>;
  /** Whether a gossip's sender is one of the cluster's other nodes; if not, says so in the log (once per sender) and the gossip is to be dropped. */
  isPeer(src: string): boolean;
  /**
   * Takes a readable gossip from `src` with the values the node read from it.
   * `fresh` gets the values that were new here before anything is answered or
   * sent (a batch asking for an immediate ack gets one right after).
   */
  receive(src: string, body: GossipFields, values: V[], fresh?: (vs: V[]) => void): void;
  /**
   * Takes a gossip whose values cannot be read: it is not acknowledged (so it
   * is sent again), but its acks and incarnations are taken: if it names an
   * earlier incarnation of ours, the queue greets the sender at once, and once
   * the sender hears of our new one it forgets what it believed we held.
   */
  receiveUnreadable(src: string, body: GossipFields): void;
}

/**
 * How the broadcast node spreads values, for it and for the causal node:
 * set-difference gossip (lib/gossip) over the overlay the settings choose, on
 * the settings' timer; `topology` (registered here); durable's wait for a
 * second holder; and the checks on who may gossip. The node keeps what is
 * its own: its values, how they go on the wire and what it does with them.
 */
export function installSpread<V, K = V>(node: Node, o: SpreadOptions<V, K>): Spread<V, K> {
  const s = o.settings;
  const queue = new GossipQueue<V, K>({ ackDelayMs: s.ackDelayMs, initialRtoMs: s.rtoMs, maxRtoMs: s.maxRtoMs }, o.incarnation, o.key);
  const keyOf = o.key ?? ((v: V) => v as unknown as K);
  let neighbours: string[] = [];
  /** durable: values clients gave this node, not yet known to be held by another, with the replies that wait for that. */
  const awaiting = new Map<K, { replies: Set<() => void>; askedAt: number | undefined }>();
  const unknownSenders = new OncePerKey(UNKNOWN_SENDERS_LOGGED);
  const mainPeriod = () => onMainPeriod({ self: node.id, nodeIds: node.nodeIds, overlay: s.overlay });

  const refreshPeers = () => {
    const hub = hubOf(node.nodeIds);
    queue.setActivePeers(activePeers({ self: node.id, nodeIds: node.nodeIds, overlay: s.overlay, neighbours, hubSuspect: hub !== undefined && queue.suspect(hub) }));
  };
  const flush = (only?: string[]) => {
    const now = node.clock.now();
    for (const out of queue.tick(now, only)) {
      // A batch with a value awaiting a second holder asks for an immediate ack. One answer is enough, so one
      // peer is asked at a time; another only once a resend timeout has passed with no answer.
      for (const v of awaiting.size > 0 ? out.batch.values : []) {
        const w = awaiting.get(keyOf(v));
        if (!w || (w.askedAt !== undefined && now - w.askedAt < s.rtoMs)) continue;
        w.askedAt = now;
        out.batch.ackNow = true;
      }
      node.send(out.peer, o.body(out));
    }
  };
  /**
   * durable: `reply` once another node is known to hold `v`, or error 0 after
   * durableWaitMs (see BroadcastSettings: a late reply could reach a client
   * Maelstrom has closed). The value keeps spreading either way.
   */
  const awaitHolder = <R>(v: V, reply: R) =>
    new Promise<R>((resolve, reject) => {
      const key = keyOf(v);
      const w = awaiting.get(key) ?? { replies: new Set(), askedAt: undefined };
      awaiting.set(key, w);
      const timer = node.after(s.durableWaitMs, () => {
        w.replies.delete(ok);
        if (w.replies.size === 0 && awaiting.get(key) === w) awaiting.delete(key);
        reject(RpcError.timeout(`durable: no other node acknowledged holding ${o.durableTimeout.shown(v)} within ${s.durableWaitMs} ms (no peer reachable?); ${o.durableTimeout.here} and still being sent, so it may yet spread`));
      });
      const ok = () => {
        timer.cancel();
        resolve(reply);
      };
      w.replies.add(ok);
    });
  /** durable: answers the broadcasts whose values `peer` is now known to hold. */
  const heldBy = (peer: string) => {
    for (const [key, w] of awaiting) {
      const v = queue.get(key);
      if (v === undefined || !queue.knows(peer, v)) continue;
      awaiting.delete(key);
      for (const r of w.replies) r();
    }
  };

  node.on("topology", Topology, (m) => {
    const t = neighboursFromTopology(m.body.topology, node.id, node.nodeIds);
    if (!t.ok) throw RpcError.malformedRequest(`invalid topology body: ${t.error}`);
    if (t.dropped.length > 0) node.log.warn(`topology: dropped ${t.dropped.length} neighbour(s) that are not other nodes of node_ids: ${listIds(t.dropped)}`);
    neighbours = t.neighbours;
    refreshPeers();
    return { type: "topology_ok" };
  });

  return {
    queue,
    start(n) {
      if (s.durable && n.peers.length === 0) n.log.warn(`${o.name}: durable, but this node has no peers, so no value can be held twice; broadcasts are answered at once`);
      refreshPeers();
      n.every(mainPeriod() ? s.periodMs : s.leafPeriodMs, () => {
        refreshPeers();
        queue.pruneIdle(n.clock.now(), s.idleMs);
        flush();
      });
    },
    add(v, reply) {
      const fresh = queue.add(v);
      const eager = s.eager && !mainPeriod();
      // durable: the reply waits until another node holds the value. With no other node there is no
      // second holder to wait for (init logged that durable cannot hold).
      const wait = s.durable && !queue.heldElsewhere(v) && node.peers.length > 0;
      const held = wait ? awaitHolder(v, reply) : undefined; // first, so that the batches below ask for an immediate ack
      // A star leaf hands a new value to the hub at once; the hub batches. With durable, the hub also sends a new
      // value at once, to one peer it can reach and not to all: the others get it at the next period.
      if (fresh && eager) flush(queue.activePeers);
      else if (fresh && wait) {
        const reachable = queue.activePeers.filter((p) => !queue.suspect(p));
        flush((reachable.length > 0 ? reachable : queue.activePeers).slice(0, 1));
      }
      return held ?? reply;
    },
    isPeer(src) {
      // Only the cluster's other nodes are peers: state kept for anyone else would grow with every made-up id.
      if (src !== node.id && node.nodeIds.includes(src)) return true;
      const first = unknownSenders.note(src);
      if (first === "first") node.log.warn(`ignoring gossip from ${listIds([src])}: not one of node_ids other than this node (${listIds(node.peers)}); its further messages are dropped silently`);
      if (first === "overflow") node.log.warn(`ignoring gossip from more than ${UNKNOWN_SENDERS_LOGGED} unknown senders; no longer naming them`);
      return false;
    },
    receive(src, b, values, fresh) {
      const before = queue.peerIncarnation(src);
      const got = queue.receive(src, batchOf(b, values), node.clock.now());
      if (queue.incarnation !== undefined && before !== undefined && b.inc !== undefined && b.inc !== before) {
        node.log.info(`gossip: ${src} has a new incarnation (${before} -> ${b.inc}): it restarted, or this is a late message from an earlier instance; forgetting what it held and sending it every value`);
      }
      fresh?.(got);
      if (awaiting.size > 0) heldBy(src);
      // The sender wants its batch acknowledged now (a value in it awaits a second holder): answer at once.
      if (b.ack_now && b.seq !== undefined) flush([src]);
    },
    receiveUnreadable(src, b) {
      queue.receive(src, { values: [], acks: b.acks, inc: b.inc, toInc: b.to_inc }, node.clock.now());
      if (awaiting.size > 0) heldBy(src);
    },
  };
}
