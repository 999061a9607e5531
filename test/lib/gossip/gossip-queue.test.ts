import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GossipQueue } from "../../../lib/gossip/gossip-queue.js";
import { cluster, deliver, expectQuiet, type NetAction, send } from "./tiny-network.js";

const cfg = { ackDelayMs: 100, initialRtoMs: 500, maxRtoMs: 2000 };

describe("GossipQueue", () => {
  it("sends each peer only what it is not known to have, and nothing twice while in flight", () => {
    const q = new GossipQueue<number>(cfg);
    q.addPeer("b");
    q.addPeer("c");
    q.add(1);
    q.receive("c", { seq: 1, values: [2], acks: [] }, 0);
    const out = q.tick(0);
    expect(out).toEqual([
      { peer: "b", batch: { seq: 1, values: [1, 2], acks: [] } },
      { peer: "c", batch: { seq: 1, values: [1], acks: [1] } }, // c sent us 2; our ack rides along
    ]);
    expect(q.tick(10)).toEqual([]); // in flight: not resent, nothing new
  });

  it("learns from acknowledgements, and sends a due ack alone only after ackDelay", () => {
    const a = new GossipQueue<number>(cfg);
    const b = new GossipQueue<number>(cfg);
    a.addPeer("b");
    a.add(7);
    const [first] = a.tick(0);
    b.receive("a", first!.batch, 50);
    expect(b.tick(100)).toEqual([]); // ack owed for 50 ms only
    const [ack] = b.tick(150);
    expect(ack).toEqual({ peer: "a", batch: { values: [], acks: [1] } });
    a.receive("b", ack!.batch, 200);
    expect(a.inspect("b")).toMatchObject({ known: [7], missing: [], inFlight: [] });
    expect(a.tick(5000)).toEqual([]); // nothing expires: it was acknowledged
  });

  it("resends after the timeout, then backs off: one batch per doubling timeout, up to the cap", () => {
    const q = new GossipQueue<number>(cfg);
    q.addPeer("b");
    q.add(1);
    const sends: number[] = [];
    for (let t = 0; t <= 10_000; t += 50) if (q.tick(t).length) sends.push(t);
    // 0; expires at 500 (rto 1000 now): resent at 500; then 1500 (rto 2000), 3500, 5500, 7500, 9500 (capped at 2000)
    expect(sends).toEqual([0, 500, 1500, 3500, 5500, 7500, 9500]);
    expect(q.suspect("b")).toBe(true);
    q.add(2); // new values wait for the backoff too
    expect(q.tick(9600)).toEqual([]);
  });

  it("is reachable again after any acknowledgement: timeout and backoff reset", () => {
    const q = new GossipQueue<number>(cfg);
    q.addPeer("b");
    q.add(1);
    q.tick(0);
    q.tick(500); // expired, resent as seq 2
    expect(q.suspect("b")).toBe(true);
    q.receive("b", { values: [], acks: [2] }, 600);
    expect(q.suspect("b")).toBe(false);
    expect(q.inspect("b")!.rto).toBe(500);
    q.add(3);
    expect(q.tick(610)).toEqual([{ peer: "b", batch: { seq: 3, values: [3], acks: [] } }]);
  });

  it("acknowledges an uninvited peer without pushing values to it, and forgets it once idle", () => {
    const q = new GossipQueue<string>(cfg);
    q.add("x");
    expect(q.receive("z", { seq: 4, values: ["y"], acks: [] }, 0)).toEqual(["y"]);
    expect(q.peers).toEqual(["z"]);
    expect(q.activePeers).toEqual([]);
    expect(q.tick(100)).toEqual([{ peer: "z", batch: { values: [], acks: [4] } }]);
    expect(q.pruneIdle(2000, 3000)).toEqual([]); // heard 2 s ago
    expect(q.pruneIdle(3000, 3000)).toEqual(["z"]);
    expect(q.peers).toEqual([]);
  });

  it("pushes values to a peer once made active, only what it lacks", () => {
    const q = new GossipQueue<string>(cfg);
    q.add("x");
    q.receive("z", { seq: 4, values: ["y"], acks: [] }, 0);
    q.setActivePeers(["z"]);
    expect(q.tick(0)).toEqual([{ peer: "z", batch: { seq: 1, values: ["x"], acks: [4] } }]);
    q.setActivePeers([]);
    q.add("w");
    expect(q.tick(10)).toEqual([]);
    expect(q.pruneIdle(5000, 3000)).toEqual([]); // batch 1 still in flight
  });

  it("tries an unreachable peer again as soon as it hears from it, without waiting out the backoff", () => {
    const q = new GossipQueue<number>(cfg);
    q.addPeer("b");
    q.add(1);
    q.tick(0);
    q.tick(500); // expired and resent; the next try would wait until 1500
    q.add(2);
    expect(q.tick(600)).toEqual([]);
    q.receive("b", { values: [], acks: [] }, 700);
    expect(q.tick(700)).toEqual([{ peer: "b", batch: { seq: 3, values: [2], acks: [] } }]);
  });

  it("does not resend a value the peer sent us meanwhile", () => {
    const q = new GossipQueue<number>(cfg);
    q.addPeer("b");
    q.add(1);
    q.tick(0);
    q.receive("b", { seq: 1, values: [1], acks: [] }, 100);
    q.tick(600); // batch 1 expired, but b has 1
    expect(q.inspect("b")!.missing).toEqual([]);
  });

  it("caps batch size when asked", () => {
    const q = new GossipQueue<number>({ ...cfg, maxBatch: 2 });
    q.addPeer("b");
    [1, 2, 3].forEach((v) => q.add(v));
    expect(q.tick(0)[0]!.batch.values).toEqual([1, 2]);
    expect(q.tick(1)[0]!.batch.values).toEqual([3]);
  });

  it("rejects a timeout that cannot outlast the ack delay", () => {
    expect(() => new GossipQueue({ ackDelayMs: 500, initialRtoMs: 400 })).toThrow(/must exceed ackDelayMs/);
  });
});

// Actions on the tiny network (tiny-network.ts).
const action: fc.Arbitrary<NetAction> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), node: fc.nat(3), value: fc.nat(30) }),
  fc.record({ kind: fc.constant("tick" as const), node: fc.nat(3) }),
  fc.record({ kind: fc.constant("deliver" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("drop" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 1, max: 700 }) }),
);

describe("GossipQueue properties", () => {
  it("every node ends with every value once the network heals, whatever was reordered or dropped before", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.array(action, { maxLength: 120 }), fc.array(fc.nat(), { minLength: 50, maxLength: 50 }), (n, actions, healOrder) => {
        const c = cluster(n);
        const added = new Set<number>();
        for (const a of actions) {
          if (a.kind === "add") {
            c.qs[a.node % n]!.add(a.value);
            added.add(a.value);
          } else if (a.kind === "tick") send(c, a.node % n);
          else if (a.kind === "wait") c.now += a.ms;
          else if (c.inFlight.length > 0) {
            const k = a.pick % c.inFlight.length;
            if (a.kind === "deliver") deliver(c, k);
            else c.inFlight.splice(k, 1);
          }
        }
        // Heal: nothing is dropped from now on; messages still arrive in any order.
        for (let round = 0; round < 60; round++) {
          c.now += 100;
          for (let i = 0; i < n; i++) send(c, i);
          let j = 0;
          while (c.inFlight.length > 0) deliver(c, healOrder[j++ % healOrder.length]! % c.inFlight.length);
        }
        for (const q of c.qs) expect([...q.values].sort((x, y) => x - y)).toEqual([...added].sort((x, y) => x - y));
        // And then it goes quiet: no resends, no acks, nothing owed.
        expectQuiet(c);
      }),
      { numRuns: 300 },
    );
  });

  it("without loss or delay, each value crosses each link at most once", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.array(fc.tuple(fc.nat(3), fc.nat(50)), { maxLength: 40 }), (n, adds) => {
        const c = cluster(n);
        const crossings = new Map<string, number>();
        for (const [node, v] of adds) {
          c.qs[node % n]!.add(v);
          c.now += 10;
          for (let i = 0; i < n; i++) send(c, i);
          while (c.inFlight.length > 0) {
            const m = c.inFlight[0]!;
            for (const x of m.batch.values) crossings.set(`${m.from}>${m.to}:${x}`, (crossings.get(`${m.from}>${m.to}:${x}`) ?? 0) + 1);
            deliver(c, 0);
          }
        }
        for (const [, k] of crossings) expect(k).toBe(1);
      }),
    );
  });

  it("keeps per-peer state bounded by the number of values, however many messages flow", () => {
    const c = cluster(3);
    for (let v = 0; v < 20; v++) c.qs[v % 3]!.add(v);
    for (let round = 0; round < 2000; round++) {
      c.now += 50;
      for (let i = 0; i < 3; i++) send(c, i);
      // a lossy network: every other message is dropped
      c.inFlight = c.inFlight.filter((_, k) => (k + round) % 2 === 0);
      while (c.inFlight.length > 0) deliver(c, 0);
    }
    for (const q of c.qs)
      for (const p of q.peers) {
        const s = q.inspect(p)!;
        expect(s.known.length + s.missing.length).toBeLessThanOrEqual(20);
        expect(s.inFlight.length).toBeLessThanOrEqual(20);
        expect(s.owedAcks.length).toBeLessThanOrEqual(20);
      }
  });
});
