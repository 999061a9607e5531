import { type BroadcastValue, broadcastValueProblem } from "../broadcast/broadcast-value.js";
import { OncePerKey } from "../broadcast/once-per-key.js";
import { activePeers, hubOf, neighboursFromTopology, onMainPeriod } from "../broadcast/overlay.js";
import { GossipQueue } from "../gossip/gossip-queue.js";
import { drawIncarnation } from "../gossip/incarnation.js";
import type { OutgoingBody } from "../protocol/message.js";
import { RpcError } from "../protocol/rpc-error.js";
import type { Node } from "../runtime/node.js";
import { CausalBuffer, type CausalMessage, messageKey } from "./causal-buffer.js";
import type { CausalSettings } from "./causal-settings.js";
import { Broadcast, Gossip, gossipBody, Read, Topology } from "./causal-wire.js";
import { decodeMessages, orderForDeltas, pickBase } from "./clock-deltas.js";
import { DepsWaiters } from "./deps-waiters.js";
import { instanceId } from "./instance-id.js";
import type { VectorClock } from "./vector-clock.js";

type Msg = CausalMessage<BroadcastValue>;

const LOGGED_PEERS = 100;
/** How far back in our delivery order to look for a base the receiver holds (pickBase): a few batches' worth. */
const BASE_LOOKBACK = 64;

/** What a test can look at in a running causal node. */
export interface CausalNodeView {
  readonly queue: GossipQueue<Msg, string>;
  /** Undefined until init (it is named after the node). */
  buffer(): CausalBuffer<BroadcastValue> | undefined;
}

/**
 * Causal broadcast on a node: `topology`, `broadcast` and `read` as in
 * Maelstrom's broadcast workload, where `read` lists the messages in the
 * order this node delivered them, `deps`/`clock` tokens for clients that
 * move between nodes, and `gossip` between nodes.
 *
 * Messages spread by the broadcast node's set-difference gossip (lib/gossip,
 * the same overlay and settings), keyed by sender and seq; each node hands
 * what it receives to a causal delivery buffer and relays what it holds,
 * delivered or not, with the sender's clock unchanged. Clocks travel as
 * deltas along each batch (clock-deltas.ts).
 *
 * Restarts: each installation draws an incarnation for its gossip queue (so
 * peers send a restarted node everything again) and broadcasts under its own
 * instance id (node id and a tag from the incarnation), since a restarted
 * node has forgotten how many messages its earlier instance sent, and a
 * sender's messages must be numbered 1, 2, 3... with no number used twice.
 */
export function installCausalBroadcast(node: Node, s: CausalSettings): CausalNodeView {
  const incarnation = drawIncarnation(node.random, node.clock.now());
  const queue = new GossipQueue<Msg, string>({ ackDelayMs: s.ackDelayMs, initialRtoMs: s.rtoMs, maxRtoMs: s.maxRtoMs }, incarnation, messageKey);
  let buffer: CausalBuffer<BroadcastValue> | undefined;
  /** What `read` returns: each value once, where it was first delivered here. */
  const readLog: BroadcastValue[] = [];
  const inLog = new Set<BroadcastValue>();
  const waiters = new DepsWaiters(node, s.depsWaitMs);
  let neighbours: string[] = [];
  /** durable: our messages not yet known to be held by another node, with the replies that wait for that. */
  const awaiting = new Map<string, { replies: Set<() => void>; askedAt: number | undefined }>();
  const unknownSenders = new OncePerKey(LOGGED_PEERS);
  const badBatches = new OncePerKey(LOGGED_PEERS);
  const mainPeriod = () => onMainPeriod({ self: node.id, nodeIds: node.nodeIds, overlay: s.overlay });
  const buf = () => {
    if (!buffer) throw new Error("causal broadcast: used before init");
    return buffer;
  };

  const delivered = (msgs: readonly Msg[]) => {
    for (const m of msgs) {
      if (inLog.has(m.payload)) continue;
      inLog.add(m.payload);
      readLog.push(m.payload);
    }
    if (msgs.length > 0) waiters.check(buf());
  };
  const refreshPeers = () => {
    const hub = hubOf(node.nodeIds);
    queue.setActivePeers(activePeers({ self: node.id, nodeIds: node.nodeIds, overlay: s.overlay, neighbours, hubSuspect: hub !== undefined && queue.suspect(hub) }));
  };
  const flush = (only?: string[]) => {
    const now = node.clock.now();
    for (const o of queue.tick(now, only)) {
      o.batch.values = orderForDeltas(o.batch.values);
      const base = o.batch.values.length > 0 ? pickBase(o.batch.values[0]!, recentKnownBy(o.peer)) : undefined;
      // durable, as in lib/broadcast: one peer at a time is asked for an immediate ack of a message awaiting a second holder.
      for (const m of awaiting.size > 0 ? o.batch.values : []) {
        const w = awaiting.get(messageKey(m));
        if (!w || (w.askedAt !== undefined && now - w.askedAt < s.rtoMs)) continue;
        w.askedAt = now;
        o.batch.ackNow = true;
      }
      node.send(o.peer, gossipBody(o.batch, base));
    }
  };
  /** The last messages delivered here that `peer` is known to hold (it sent them, or acknowledged them): it has their clocks. */
  function* recentKnownBy(peer: string): Generator<Msg> {
    const log = buf().log;
    for (let i = log.length - 1; i >= Math.max(0, log.length - BASE_LOOKBACK); i--) if (queue.knows(peer, log[i]!)) yield log[i]!;
  }
  /** durable: resolves once another node is known to hold `m`; error 0 after durableWaitMs (the message keeps spreading). */
  const awaitHolder = (m: Msg) =>
    new Promise<void>((resolve, reject) => {
      const key = messageKey(m);
      const w = awaiting.get(key) ?? { replies: new Set(), askedAt: undefined };
      awaiting.set(key, w);
      const timer = node.after(s.durableWaitMs, () => {
        w.replies.delete(ok);
        if (w.replies.size === 0 && awaiting.get(key) === w) awaiting.delete(key);
        reject(RpcError.timeout(`durable: no other node acknowledged holding ${JSON.stringify(m.payload)} within ${s.durableWaitMs} ms (no peer reachable?); it is delivered here and still being sent, so it may yet spread`));
      });
      const ok = () => {
        timer.cancel();
        resolve();
      };
      w.replies.add(ok);
    });
  const heldBy = (peer: string) => {
    for (const [key, w] of awaiting) {
      const m = queue.get(key);
      if (!m || !queue.knows(peer, m)) continue;
      awaiting.delete(key);
      for (const r of w.replies) r();
    }
  };

  node.onInit((n) => {
    buffer ??= new CausalBuffer(instanceId(n.id, incarnation));
    n.log.info(`causal-broadcast: ${s.preset} ${JSON.stringify(s)}, incarnation ${incarnation}, broadcasting as ${buffer.self}`);
    if (s.durable && n.peers.length === 0) n.log.warn("causal-broadcast: durable, but this node has no peers; broadcasts are answered at once");
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
    if (t.dropped.length > 0) node.log.warn(`topology: dropped ${t.dropped.length} neighbour(s) that are not other nodes of node_ids`);
    neighbours = t.neighbours;
    refreshPeers();
    return { type: "topology_ok" };
  });

  /** A reply body, with the token after the operation if the request carried one (closed schema otherwise). */
  const withClock = (body: OutgoingBody, deps: VectorClock | undefined): OutgoingBody => (deps === undefined ? body : { ...body, clock: buf().delivered.toJSON() });

  /** A new message of ours: delivered here at once, sent on as the broadcast node sends a new value. Resolves once durable is satisfied. */
  const broadcastNow = (v: BroadcastValue): Promise<void> | undefined => {
    const m = buf().broadcast(v);
    delivered([m]);
    queue.add(m);
    const wait = s.durable && node.peers.length > 0;
    const held = wait ? awaitHolder(m) : undefined; // first, so that the batches below ask for an immediate ack
    // A star leaf hands it to the hub at once (the hub batches); durable sends it at once to one peer it can reach.
    if (s.eager && !mainPeriod()) flush(queue.activePeers);
    else if (wait) {
      const reachable = queue.activePeers.filter((p) => !queue.suspect(p));
      flush((reachable.length > 0 ? reachable : queue.activePeers).slice(0, 1));
    }
    return held;
  };

  // Without deps (and without durable) the handlers answer at once, as the broadcast node does.
  node.on("broadcast", Broadcast, (req) => {
    const { message: v, deps } = req.body;
    const ok = () => withClock({ type: "broadcast_ok" }, deps);
    // First deliver here what deps covers, so that our message's clock covers it: then no node delivers it before.
    const ready = deps === undefined ? undefined : waiters.waitFor(deps, buf(), "broadcast");
    if (ready) return ready.then(() => broadcastNow(v)).then(ok);
    const held = broadcastNow(v);
    return held ? held.then(ok) : ok();
  });

  node.on("read", Read, (req) => {
    const { deps } = req.body;
    const ok = () => withClock({ type: "read_ok", messages: [...readLog] }, deps);
    const ready = deps === undefined ? undefined : waiters.waitFor(deps, buf(), "read");
    return ready ? ready.then(ok) : ok();
  });

  node.on("gossip", Gossip, (req) => {
    const src = req.src;
    if (src === node.id || !node.nodeIds.includes(src)) {
      if (unknownSenders.note(src) === "first") node.log.warn(`ignoring gossip from ${JSON.stringify(src.slice(0, 40))}: not one of node_ids other than this node; its further messages are dropped silently`);
      return;
    }
    const b = req.body;
    /**
     * A batch we cannot read is not acknowledged (so it is sent again), but its acks and incarnations are taken:
     * if it names an earlier incarnation of ours, the queue greets the sender at once, and once the sender hears
     * of our new one it forgets what it believed we held.
     */
    const unreadable = () => {
      queue.receive(src, { values: [], acks: b.acks, inc: b.inc, toInc: b.to_inc }, node.clock.now());
      if (awaiting.size > 0) heldBy(src);
    };
    // The base is a message the sender believes we hold; we do not if we restarted since.
    const base = b.base === undefined ? undefined : queue.get(messageKey({ sender: b.base[0], seq: b.base[1] }));
    if (b.base !== undefined && base === undefined) {
      node.log.debug(`gossip from ${src}: its clocks are deltas from message #${b.base[1]} of ${b.base[0]}, which this node does not hold; not acknowledged`);
      unreadable();
      return;
    }
    const decoded = decodeMessages<BroadcastValue>(b.values, broadcastValueProblem, base);
    if (!decoded.ok) {
      // A delta chain cannot be read in part. Logged once per sender.
      if (badBatches.note(src) === "first") node.log.warn(`gossip from ${src}: messages that cannot be read (${decoded.error}); not acknowledged, and further ones from it are dropped silently`);
      unreadable();
      return;
    }
    const b0 = buf();
    const msgs = decoded.messages.filter((m) => m.sender !== b0.self || b0.has(m));
    if (msgs.length < decoded.messages.length) node.log.warn(`dropped ${decoded.messages.length - msgs.length} message(s) from ${src} that claim to be this instance's (${b0.self}) but were never broadcast here`);
    const before = queue.peerIncarnation(src);
    const fresh = queue.receive(src, { seq: b.seq, values: msgs, acks: b.acks, inc: b.inc, toInc: b.to_inc, ackNow: b.ack_now }, node.clock.now());
    if (before !== undefined && b.inc !== undefined && b.inc !== before) node.log.info(`gossip: ${src} has a new incarnation (${before} -> ${b.inc}); sending it every message`);
    for (const m of fresh) {
      const r = b0.receive(m);
      if (r.status === "refused") node.log.warn(`refused a message from ${src}: ${r.why}`);
      delivered(r.delivered);
    }
    if (awaiting.size > 0) heldBy(src);
    if (b.ack_now && b.seq !== undefined) flush([src]);
  });

  return { queue, buffer: () => buffer };
}
