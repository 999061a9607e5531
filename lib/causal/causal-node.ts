import type { BroadcastValue } from "../broadcast/broadcast-value.js";
import { broadcastValueProblem } from "../broadcast/broadcast-value.js";
import { OncePerKey } from "../broadcast/once-per-key.js";
import { installSpread } from "../broadcast/spread.js";
import type { GossipQueue } from "../gossip/gossip-queue.js";
import { drawIncarnation } from "../gossip/incarnation.js";
import type { OutgoingBody } from "../protocol/message.js";
import type { Node } from "../runtime/node.js";
import { CausalBuffer, type CausalMessage, messageKey } from "./causal-buffer.js";
import type { CausalSettings } from "./causal-settings.js";
import { Broadcast, Gossip, gossipBody, Read } from "./causal-wire.js";
import { decodeMessages, orderForDeltas, pickBase } from "./clock-deltas.js";
import { DepsWaiters } from "./deps-waiters.js";
import { instanceId } from "./instance-id.js";
import type { VectorClock } from "./vector-clock.js";

type Msg = CausalMessage<BroadcastValue>;

/** How many senders of unreadable batches are named in the log before the node stops naming them. */
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
 * Messages spread as the broadcast node's values do (lib/broadcast/spread.ts:
 * set-difference gossip, the same overlay, settings and durable wait), keyed
 * by sender and seq; each node hands what it receives to a causal delivery
 * buffer and relays what it holds, delivered or not, with the sender's clock
 * unchanged. Clocks travel as deltas along each batch (clock-deltas.ts).
 *
 * Restarts: each installation draws an incarnation for its gossip queue (so
 * peers send a restarted node everything again) and broadcasts under its own
 * instance id (node id and a tag from the incarnation), since a restarted
 * node has forgotten how many messages its earlier instance sent, and a
 * sender's messages must be numbered 1, 2, 3... with no number used twice.
 */
export function installCausalBroadcast(node: Node, s: CausalSettings): CausalNodeView {
  const incarnation = drawIncarnation(node.random, node.clock.now());
  let buffer: CausalBuffer<BroadcastValue> | undefined;
  const buf = () => {
    if (!buffer) throw new Error("causal broadcast: used before init");
    return buffer;
  };
  const spread = installSpread<Msg, string>(node, {
    name: "causal-broadcast",
    settings: s,
    incarnation,
    key: messageKey,
    body: (o) => {
      o.batch.values = orderForDeltas(o.batch.values);
      const base = o.batch.values.length > 0 ? pickBase(o.batch.values[0]!, recentKnownBy(o.peer)) : undefined;
      return gossipBody(o.batch, base);
    },
    durableTimeout: { shown: (m) => JSON.stringify(m.payload), here: "it is delivered here" },
  });
  const queue = spread.queue;
  /** What `read` returns: each value once, where it was first delivered here. */
  const readLog: BroadcastValue[] = [];
  const inLog = new Set<BroadcastValue>();
  const waiters = new DepsWaiters(node, s.depsWaitMs);
  const badBatches = new OncePerKey(LOGGED_PEERS);

  const delivered = (msgs: readonly Msg[]) => {
    for (const m of msgs) {
      if (inLog.has(m.payload)) continue;
      inLog.add(m.payload);
      readLog.push(m.payload);
    }
    if (msgs.length > 0) waiters.check(buf());
  };
  /** The last messages delivered here that `peer` is known to hold (it sent them, or acknowledged them): it has their clocks. */
  function* recentKnownBy(peer: string): Generator<Msg> {
    const log = buf().log;
    for (let i = log.length - 1; i >= Math.max(0, log.length - BASE_LOOKBACK); i--) if (queue.knows(peer, log[i]!)) yield log[i]!;
  }

  node.onInit((n) => {
    buffer ??= new CausalBuffer(instanceId(n.id, incarnation));
    n.log.info(`causal-broadcast: ${s.preset} ${JSON.stringify(s)}, incarnation ${incarnation}, broadcasting as ${buffer.self}`);
    spread.start(n);
  });

  /** A reply body, with the token after the operation if the request carried one (closed schema otherwise). */
  const withClock = (body: OutgoingBody, deps: VectorClock | undefined): OutgoingBody => (deps === undefined ? body : { ...body, clock: buf().delivered.toJSON() });

  /** A new message of ours: delivered here at once, and spread as the broadcast node spreads a new value. Resolves once durable is satisfied. */
  const broadcastNow = (v: BroadcastValue): Promise<void> | undefined => {
    const m = buf().broadcast(v);
    delivered([m]);
    return spread.add(m, undefined);
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
    if (!spread.isPeer(src)) return;
    const b = req.body;
    // The base is a message the sender believes we hold; we do not if we restarted since.
    const base = b.base === undefined ? undefined : queue.get(messageKey({ sender: b.base[0], seq: b.base[1] }));
    if (b.base !== undefined && base === undefined) {
      node.log.debug(`gossip from ${src}: its clocks are deltas from message #${b.base[1]} of ${b.base[0]}, which this node does not hold; not acknowledged`);
      spread.receiveUnreadable(src, b);
      return;
    }
    const decoded = decodeMessages<BroadcastValue>(b.values, broadcastValueProblem, base);
    if (!decoded.ok) {
      // A delta chain cannot be read in part. Logged once per sender.
      if (badBatches.note(src) === "first") node.log.warn(`gossip from ${src}: messages that cannot be read (${decoded.error}); not acknowledged, and further ones from it are dropped silently`);
      spread.receiveUnreadable(src, b);
      return;
    }
    const b0 = buf();
    const msgs = decoded.messages.filter((m) => m.sender !== b0.self || b0.has(m));
    if (msgs.length < decoded.messages.length) node.log.warn(`dropped ${decoded.messages.length - msgs.length} message(s) from ${src} that claim to be this instance's (${b0.self}) but were never broadcast here`);
    spread.receive(src, b, msgs, (fresh) => {
      for (const m of fresh) {
        const r = b0.receive(m);
        if (r.status === "refused") node.log.warn(`refused a message from ${src}: ${r.why}`);
        delivered(r.delivered);
      }
    });
  });

  return { queue, buffer: () => buffer };
}
