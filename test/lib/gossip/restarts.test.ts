import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GossipQueue } from "../../../lib/gossip/gossip-queue.js";
import { drawIncarnation } from "../../../lib/gossip/incarnation.js";
import { PeerLink } from "../../../lib/gossip/peer-link.js";
import { type Cluster, cluster, deliver, expectQuiet, type NetAction, send } from "./tiny-network.js";

// Restart handling in the gossip queue: a peer that comes back under a new
// incarnation is sent everything again, and nothing an earlier instance (of
// the peer, or of this node) sent can make a queue believe a peer holds what
// it does not.

const cfg = { ackDelayMs: 100, initialRtoMs: 500, maxRtoMs: 2000 };
const A = 111; // this node's incarnation in the tables
const B1 = 201; // the peer before its restart
const B2 = 202; // the peer after it

/** A queue (incarnation A) that has delivered 1, 2 and 3 to peer b (incarnation B1), all acknowledged. */
function settled() {
  const q = new GossipQueue<number>(cfg, A);
  q.addPeer("b");
  [1, 2, 3].forEach((v) => q.add(v));
  const [out] = q.tick(0);
  expect(out!.batch).toEqual({ seq: 1, values: [1, 2, 3], acks: [], inc: A });
  q.receive("b", { values: [], acks: [1], inc: B1, toInc: A }, 100);
  expect(q.inspect("b")).toMatchObject({ known: [1, 2, 3], missing: [], inFlight: [], peerInc: B1, knowsUs: "yes" });
  expect(q.tick(5000)).toEqual([]);
  return q;
}

describe("PeerLink.incarnations", () => {
  // Each row: the link's belief (peer's incarnation, whether the peer knows ours), the batch's inc and to_inc,
  // and what follows: whether its acks may be believed, whether the link forgot the peer, and the new belief.
  it.each([
    ["first batch from a peer that has heard of us", undefined, "no", B1, A, true, false, B1, "yes"],
    ["first batch from a peer that has not heard of us", undefined, "no", B1, undefined, false, false, B1, "no"],
    ["same incarnation, addressed to us", B1, "yes", B1, A, true, false, B1, "yes"],
    ["same incarnation, addressed to an earlier instance of ours", B1, "yes", B1, 999, false, false, B1, "stale"],
    ["a new incarnation that has heard of us", B1, "yes", B2, A, true, true, B2, "yes"],
    ["a new incarnation that has not", B1, "yes", B2, undefined, false, true, B2, "no"],
    ["a node from before incarnations", B1, "no", undefined, undefined, true, false, B1, "yes"],
  ] as const)("%s", (_what, peerInc, knowsUs, inc, toInc, acksAreOurs, restarted, afterInc, afterKnows) => {
    const l = new PeerLink<number>("b", 500, true);
    l.peerInc = peerInc;
    l.peerKnowsUs = knowsUs;
    l.learn(1);
    l.owedAcks.push(7);
    expect(l.incarnations(inc, toInc, A, [1, 2])).toEqual({ acksAreOurs, restarted });
    expect(l.peerInc).toBe(afterInc);
    expect(l.peerKnowsUs).toBe(afterKnows);
    // A restart forgets what the old instance held and was owed; all our values are missing again.
    expect([...l.known]).toEqual(restarted ? [] : [1]);
    expect([...l.missing]).toEqual(restarted ? [1, 2] : []);
    expect(l.owedAcks).toEqual(restarted ? [] : [7]);
  });
});

describe("GossipQueue with incarnations", () => {
  it("sends a restarted peer everything again, and forgets what was in flight to its old instance", () => {
    const q = settled();
    q.add(4);
    expect(q.tick(5000)).toEqual([{ peer: "b", batch: { seq: 2, values: [4], acks: [], inc: A, toInc: B1 } }]);
    // b comes back empty and greets us: a seq'd batch with no values, not yet knowing our incarnation.
    q.receive("b", { seq: 1, values: [], acks: [], inc: B2 }, 5100);
    expect(q.inspect("b")).toMatchObject({ known: [], missing: [1, 2, 3, 4], inFlight: [], peerInc: B2, knowsUs: "no" });
    // All of it goes at once, with the ack of its greeting; seqs go on from where they were.
    expect(q.tick(5100)).toEqual([{ peer: "b", batch: { seq: 3, values: [1, 2, 3, 4], acks: [1], inc: A, toInc: B2 } }]);
    // A late ack from the old instance of batch 2 names B1: it would reset us back, and finds nothing in flight.
    q.receive("b", { values: [], acks: [2], inc: B1, toInc: A }, 5150);
    expect(q.inspect("b")!.known).toEqual([]);
  });

  it("believes no ack addressed to an earlier instance of this node: its seqs are reused", () => {
    const q = new GossipQueue<number>(cfg, A);
    q.addPeer("b");
    q.add(1);
    q.tick(0); // seq 1 = [1]
    // b acks "seq 1", but of the batch an earlier instance of ours (incarnation 999) sent.
    q.receive("b", { values: [], acks: [1], inc: B1, toInc: 999 }, 50);
    expect(q.inspect("b")).toMatchObject({ known: [], inFlight: [1], knowsUs: "stale" });
    // The same ack addressed to us is believed.
    q.receive("b", { values: [], acks: [1], inc: B1, toInc: A }, 60);
    expect(q.inspect("b")).toMatchObject({ known: [1], inFlight: [], knowsUs: "yes" });
  });

  it("greets a stale peer at once: a restarted node tells a peer that still believes in its old instance", () => {
    // This node just restarted (incarnation A, no values); b still addresses incarnation 999 and sends only a new value.
    const q = new GossipQueue<number>(cfg, A);
    q.addPeer("b");
    expect(q.tick(0)).toEqual([]); // b has not named any incarnation of ours: wait an ack delay
    q.receive("b", { seq: 40, values: [9], acks: [], inc: B1, toInc: 999 }, 10);
    expect(q.tick(10)).toEqual([{ peer: "b", batch: { seq: 1, values: [], acks: [40], inc: A, toInc: B1 } }]);
    expect(q.tick(20)).toEqual([]); // the greeting is in flight
    // No answer: it is resent after the timeout, as data would be.
    expect(q.tick(510)).toEqual([{ peer: "b", batch: { seq: 2, values: [], acks: [], inc: A, toInc: B1 } }]);
    q.receive("b", { values: [], acks: [2], inc: B1, toInc: A }, 600);
    expect(q.inspect("b")!.knowsUs).toBe("yes");
    expect(q.tick(10_000)).toEqual([]);
  });

  it("greets a peer that has not named us after an ack delay, unless values it sends do it first", () => {
    const quiet = new GossipQueue<number>(cfg, A);
    quiet.addPeer("b");
    const sent: number[] = [];
    for (let t = 0; t <= 400; t += 50) if (quiet.tick(t).length) sent.push(t);
    expect(sent).toEqual([100]); // the hello, once: then it is in flight
    const busy = new GossipQueue<number>(cfg, A);
    busy.addPeer("b");
    busy.add(1);
    expect(busy.tick(0)).toHaveLength(1);
    busy.receive("b", { values: [], acks: [1], inc: B1, toInc: A }, 50);
    expect(busy.tick(200)).toEqual([]); // the data batch did the greeting: no hello at all
  });

  it("sends a passive peer that is stale a hello, never values", () => {
    const q = new GossipQueue<number>(cfg, A);
    q.add(1);
    q.receive("z", { seq: 3, values: [], acks: [], inc: B1, toInc: 999 }, 0);
    expect(q.tick(0)).toEqual([{ peer: "z", batch: { seq: 1, values: [], acks: [3], inc: A, toInc: B1 } }]);
  });

  it("without an incarnation, behaves as before: nothing on the wire, incarnations ignored", () => {
    const q = new GossipQueue<number>(cfg);
    q.addPeer("b");
    [1, 2, 3].forEach((v) => q.add(v));
    expect(q.tick(0)).toStrictEqual([{ peer: "b", batch: { seq: 1, values: [1, 2, 3], acks: [] } }]); // no inc, not even undefined
    q.receive("b", { values: [], acks: [1], inc: B1, toInc: A }, 100);
    q.receive("b", { seq: 1, values: [], acks: [], inc: B2 }, 200); // b restarted: not noticed
    expect(q.inspect("b")).toMatchObject({ known: [1, 2, 3], missing: [] });
    const out = q.tick(400);
    expect(out).toEqual([{ peer: "b", batch: { values: [], acks: [1] } }]); // only the ack: no values for the empty peer
  });

  it("keeps working with a peer from before incarnations (no inc on its batches)", () => {
    const q = new GossipQueue<number>(cfg, A);
    q.addPeer("b");
    q.add(1);
    q.tick(0);
    q.receive("b", { values: [], acks: [1] }, 50);
    expect(q.inspect("b")).toMatchObject({ known: [1], knowsUs: "yes" });
    expect(q.tick(10_000)).toEqual([]); // no hellos to a node that cannot answer with our incarnation
  });

  it("draws incarnations that are safe integers, and differ between instances with the same random stream but a later start", () => {
    const same = () => {
      let i = 0;
      return () => [0.25, 0.75][i++ % 2]!;
    };
    const first = drawIncarnation(same(), 0);
    const later = drawIncarnation(same(), 12_345);
    expect(Number.isSafeInteger(first) && Number.isSafeInteger(later)).toBe(true);
    expect(later).not.toBe(first);
    expect(drawIncarnation(() => 0.999999999, 2 ** 40)).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
  });
});

// The tiny network (tiny-network.ts) with restarts: a restart replaces a
// node's queue by an empty one with a new incarnation; messages to and from
// its old instance stay in flight and may still arrive, in any order.
type Action = NetAction | { kind: "restart"; node: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("add" as const), node: fc.nat(3), value: fc.nat(30) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("tick" as const), node: fc.nat(3) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("deliver" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("drop" as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 1, max: 700 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("restart" as const), node: fc.nat(3) }) },
);

/** What a node believes about a peer's current instance is true: every value it thinks that instance holds, it holds. */
function knowledgeIsTrue(c: Cluster) {
  c.qs.forEach((q, i) => {
    c.ids.forEach((peer, j) => {
      if (i === j) return;
      const s = q.inspect(peer);
      if (!s || s.peerInc !== c.qs[j]!.incarnation) return;
      for (const v of s.known) expect(c.qs[j]!.values.has(v), `${c.ids[i]} believes ${peer} (incarnation ${s.peerInc}) holds ${v}`).toBe(true);
    });
  });
}

function play(c: Cluster, n: number, actions: readonly Action[], check: () => void) {
  for (const a of actions) {
    if (a.kind === "add") c.qs[a.node % n]!.add(a.value);
    else if (a.kind === "tick") send(c, a.node % n);
    else if (a.kind === "wait") c.now += a.ms;
    else if (a.kind === "restart") c.qs[a.node % n] = c.fresh(a.node % n);
    else if (c.inFlight.length > 0) {
      const k = a.pick % c.inFlight.length;
      if (a.kind === "deliver") deliver(c, k);
      else c.inFlight.splice(k, 1);
    }
    check();
  }
}

/** Heals: nothing is dropped or restarted any more, messages still arrive in any order. */
function heal(c: Cluster, n: number, order: readonly number[], check: () => void) {
  for (let round = 0; round < 60; round++) {
    c.now += 100;
    for (let i = 0; i < n; i++) send(c, i);
    let j = 0;
    while (c.inFlight.length > 0) {
      deliver(c, order[j++ % order.length]! % c.inFlight.length);
      check();
    }
  }
}

/** Every value some live instance holds, or some message in flight carries: what must reach everyone. */
function surviving(c: Cluster): Set<number> {
  const all = new Set<number>();
  for (const q of c.qs) for (const v of q.values) all.add(v);
  for (const m of c.inFlight) for (const v of m.batch.values) all.add(v);
  return all;
}

const sorted = (s: Iterable<number>) => [...s].sort((x, y) => x - y);

describe("GossipQueue properties with restarts", () => {
  it("after a heal every node holds every surviving value, then goes quiet; knowledge about a peer's current instance is never false", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.array(action, { maxLength: 150 }), fc.array(fc.nat(), { minLength: 50, maxLength: 50 }), (n, actions, healOrder) => {
        const c = cluster(n, true);
        const check = () => knowledgeIsTrue(c);
        play(c, n, actions, check);
        const expected = sorted(surviving(c));
        heal(c, n, healOrder, check);
        for (const q of c.qs) expect(sorted(q.values)).toEqual(expected);
        expectQuiet(c);
      }),
      { numRuns: 1000 },
    );
  });

  it("without restart handling, a restarted node can be left without values the others hold (the property above is not vacuous)", () => {
    // n0 and n1 exchange 1 and 2; n1 restarts empty; nothing new is added.
    const script: Action[] = [
      { kind: "add", node: 0, value: 1 },
      { kind: "add", node: 1, value: 2 },
      { kind: "tick", node: 0 },
      { kind: "tick", node: 1 },
      { kind: "deliver", pick: 0 },
      { kind: "deliver", pick: 0 },
      { kind: "wait", ms: 200 },
      { kind: "tick", node: 0 },
      { kind: "tick", node: 1 },
      { kind: "deliver", pick: 0 },
      { kind: "deliver", pick: 0 },
      { kind: "restart", node: 1 },
    ];
    const outcome = (restartHandling: boolean) => {
      const c = cluster(2, restartHandling);
      play(c, 2, script, () => {});
      expect(c.inFlight).toEqual([]);
      expect(sorted(c.qs[0]!.values)).toEqual([1, 2]);
      heal(c, 2, [0], () => {});
      return sorted(c.qs[1]!.values);
    };
    expect(outcome(true)).toEqual([1, 2]);
    expect(outcome(false)).toEqual([]);
  });
});
