import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import type { JournalEvent } from "../../../maelstrom-workloads/model/journal-event.js";
import { deriveSeed, seededRng } from "../../../maelstrom-workloads/model/random.js";
import { type NetMessage, Network, UnknownNodeError } from "../../../maelstrom-workloads/network/network.js";

/** A network on a virtual clock with a seeded loss draw, recording the journal and what each endpoint got. */
function rig(o: { loss?: number; seed?: number; latency?: () => number; noDraw?: boolean } = {}) {
  const clock = new VirtualClock();
  const journal: JournalEvent[] = [];
  let latencyDraws = 0;
  const net = new Network({
    clock,
    latency: () => (latencyDraws++, o.latency ? o.latency() : 10),
    journal: (e) => journal.push(e),
    nowNs: () => clock.now() * 1e6,
    loss: o.loss,
    lossDraw: o.noDraw ? undefined : seededRng(deriveSeed(o.seed ?? 1, "loss")).next,
  });
  const got: Record<string, Array<[number, number]>> = {};
  const add = (id: string) => {
    got[id] = [];
    net.register(id, { deliver: (m: NetMessage) => got[id]!.push([clock.now(), m.body.v as number]) });
  };
  const fates = () => {
    const byMsg = new Map<number, string>();
    for (const e of journal) if (e.type !== "send") byMsg.set(e.message.id, e.type === "drop" ? `drop:${e.why}` : "recv");
    return byMsg;
  };
  return { clock, net, journal, got, add, fates, latencyDraws: () => latencyDraws };
}

/** The loss rate measured from the journal: drop events with why "loss" over the server-to-server sends. */
function measuredLoss(journal: readonly JournalEvent[]): { sent: number; lost: number } {
  const server = (e: JournalEvent) => !e.message.src.startsWith("c") && !e.message.dest.startsWith("c");
  return {
    sent: journal.filter((e) => e.type === "send" && server(e)).length,
    lost: journal.filter((e) => e.type === "drop" && e.why === "loss" && server(e)).length,
  };
}

describe("Network loss", () => {
  it("drops server-to-server messages at rate P, within 4 standard deviations of a binomial, and journals each as a drop with why loss", () => {
    for (const seed of [1, 2, 3]) {
      const { clock, net, journal, add, fates } = rig({ loss: 0.3, seed });
      ["n1", "n2", "n3"].forEach(add);
      const N = 3000;
      for (let i = 0; i < N; i++) net.send(`n${(i % 3) + 1}`, `n${((i + 1) % 3) + 1}`, { v: i });
      clock.advance(1000);
      const { sent, lost } = measuredLoss(journal);
      expect(sent).toBe(N);
      const sd = Math.sqrt((N * 0.3 * 0.7));
      expect(Math.abs(lost - N * 0.3), `seed ${seed}: ${lost} of ${N} lost`).toBeLessThan(4 * sd);
      // Each message ends as exactly one recv or one drop, never both.
      const f = fates();
      expect(f.size).toBe(N);
      expect([...f.values()].filter((x) => x === "drop:loss").length).toBe(lost);
      expect([...f.values()].filter((x) => x === "recv").length).toBe(N - lost);
      expect(net.dropped.loss).toBe(lost);
    }
  });

  it("never drops a message to or from a client, even at loss 1", () => {
    const { clock, net, journal, add, got } = rig({ loss: 0.9 });
    ["n1", "n2", "c1"].forEach(add);
    net.setLoss(1);
    for (let i = 0; i < 200; i++) {
      net.send("c1", "n1", { v: i });
      net.send("n1", "c1", { v: i });
      net.send("n1", "n2", { v: i });
    }
    clock.advance(100);
    expect(got.n1!.length).toBe(200);
    expect(got.c1!.length).toBe(200);
    expect(got.n2).toEqual([]);
    const drops = journal.filter((e) => e.type === "drop");
    expect(drops.length).toBe(200);
    expect(drops.every((e) => e.message.src === "n1" && e.message.dest === "n2")).toBe(true);
  });

  it("draws at send time in send order: the same seed drops the same messages, another seed others", () => {
    const lostIds = (seed: number) => {
      const { clock, net, journal, add } = rig({ loss: 0.3, seed });
      ["n1", "n2", "c1"].forEach(add);
      for (let i = 0; i < 300; i++) net.send(i % 5 === 0 ? "c1" : "n1", "n2", { v: i });
      clock.advance(1000);
      return journal.filter((e) => e.type === "drop").map((e) => e.message.id);
    };
    expect(lostIds(42)).toEqual(lostIds(42));
    expect(lostIds(42).length).toBeGreaterThan(0);
    expect(lostIds(43)).not.toEqual(lostIds(42));
  });

  it("draws a latency for a lost message too, so loss shifts no latency draw", () => {
    const a = rig({ loss: 0.5 });
    const b = rig({ loss: 0 });
    for (const r of [a, b]) {
      ["n1", "n2"].forEach(r.add);
      for (let i = 0; i < 100; i++) r.net.send("n1", "n2", { v: i });
    }
    expect(a.latencyDraws()).toBe(100);
    expect(b.latencyDraws()).toBe(100);
  });

  it("journals the drop right after its send, at send time, keys in the order id, time, type, why, message", () => {
    const { clock, net, journal, add } = rig({ loss: 0.999999 });
    ["n1", "n2"].forEach(add);
    clock.advance(7);
    net.send("n1", "n2", { v: 1 });
    expect(journal.map((e) => JSON.stringify(e))).toEqual([
      '{"id":0,"time":7000000,"type":"send","message":{"id":0,"src":"n1","dest":"n2","body":{"v":1}}}',
      '{"id":1,"time":7000000,"type":"drop","why":"loss","message":{"id":0,"src":"n1","dest":"n2","body":{"v":1}}}',
    ]);
  });

  it("setLoss changes P for messages sent from then on (a loss burst), and refuses what is not a probability", () => {
    const { clock, net, journal, add } = rig();
    ["n1", "n2"].forEach(add);
    for (let i = 0; i < 50; i++) net.send("n1", "n2", { v: i });
    net.setLoss(1);
    for (let i = 50; i < 100; i++) net.send("n1", "n2", { v: i });
    net.setLoss(0);
    for (let i = 100; i < 150; i++) net.send("n1", "n2", { v: i });
    clock.advance(100);
    const dropped = journal.filter((e) => e.type === "drop").map((e) => e.message.body.v);
    expect(dropped).toEqual(Array.from({ length: 50 }, (_, k) => 50 + k));
    expect(net.loss).toBe(0);
    for (const bad of [-0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => net.setLoss(bad)).toThrow(RangeError);
    expect(() => net.setLoss(-0.1)).toThrow("Network.setLoss(-0.1): expected a probability from 0 to 1, got -0.1");
  });

  it("needs a loss draw for any loss above 0, and without one never draws", () => {
    expect(() => rig({ loss: 0.1, noDraw: true })).toThrow("new Network: options.loss: this network has no lossDraw");
    expect(() => rig({ loss: 2 })).toThrow(RangeError);
    const { clock, net, journal, add } = rig({ noDraw: true });
    ["n1", "n2"].forEach(add);
    expect(() => net.setLoss(0.5)).toThrow(/no lossDraw/);
    net.send("n1", "n2", { v: 1 });
    clock.advance(20);
    expect(journal.map((e) => e.type)).toEqual(["send", "recv"]);
  });
});

describe("Network partitions journal their drops", () => {
  it("journals a message the grudge refuses at dequeue as a drop with why partition, at dequeue time", () => {
    const { clock, net, journal, add, got } = rig();
    ["n1", "n2", "c1"].forEach(add);
    net.send("n1", "n2", { v: 1 }); // taken at once (before the partition): n2 waits for it
    net.send("n1", "n2", { v: 2 }); // queued behind it
    net.partition({ n2: ["n1"] });
    net.send("c1", "n2", { v: 3 }); // clients are never partitioned
    clock.advance(50);
    expect(got.n2!.map(([, v]) => v)).toEqual([1, 3]);
    const drop = journal.find((e) => e.type === "drop")!;
    expect(drop).toMatchObject({ type: "drop", why: "partition", time: 10e6, message: { body: { v: 2 } } });
    expect(net.droppedByPartition).toBe(1);
    expect(net.dropped).toEqual({ loss: 0, partition: 1, down: 0, closed: 0 });
  });
});

describe("Network down and up", () => {
  it("drops what falls due for a down node (why down), keeps its queue's order, and delivers again once it is up", () => {
    const { clock, net, journal, add, got } = rig({ latency: () => 10 });
    ["n1", "n2", "c1"].forEach(add);
    net.send("n1", "n2", { v: 1 }); // due at 10
    clock.advance(5);
    net.down("n2");
    expect(net.isDown("n2")).toBe(true);
    net.send("c1", "n2", { v: 2 }); // queued behind v1 (head-of-line), due at 10 too
    clock.advance(10); // t = 15
    net.send("n1", "n2", { v: 3 }); // due at 25
    clock.advance(5); // t = 20
    net.up("n2");
    clock.advance(10); // t = 30
    expect(got.n2).toEqual([[25, 3]]);
    const drops = journal.filter((e) => e.type === "drop").map((e) => [e.type === "drop" && e.why, e.message.body.v, e.time / 1e6]);
    expect(drops).toEqual([
      ["down", 1, 10],
      ["down", 2, 10],
    ]);
    expect(net.dropped.down).toBe(2);
    // Sending from a down node still works (its last output may be read after it is killed).
    net.down("n2");
    net.send("n2", "n1", { v: 4 });
    clock.advance(20);
    expect(got.n1).toEqual([[40, 4]]);
  });

  it("a message taken while the node was down is still delivered if the node is up by its deadline", () => {
    const { clock, net, add, got } = rig({ latency: () => 10 });
    ["n1", "n2"].forEach(add);
    net.down("n2");
    net.send("n1", "n2", { v: 1 }); // dequeued now, due at 10
    clock.advance(5);
    net.up("n2");
    clock.advance(10);
    expect(got.n2).toEqual([[10, 1]]);
  });

  it("up with an endpoint delivers to the restarted node from then on", () => {
    const { clock, net, add, got } = rig({ latency: () => 10 });
    ["n1", "n2"].forEach(add);
    const fresh: number[] = [];
    net.down("n2");
    net.up("n2", { deliver: (m) => fresh.push(m.body.v as number) });
    net.send("n1", "n2", { v: 7 });
    clock.advance(20);
    expect(fresh).toEqual([7]);
    expect(got.n2).toEqual([]);
  });

  it("refuses ids not on the network, and forgets a down node that leaves it", () => {
    const { net, add } = rig();
    add("n1");
    expect(() => net.down("n9")).toThrow(UnknownNodeError);
    expect(() => net.up("n9")).toThrow(UnknownNodeError);
    net.down("n1");
    net.unregister("n1");
    add("n1");
    expect(net.isDown("n1")).toBe(false);
  });
});

describe("Network latency factor", () => {
  it("multiplies each latency drawn from then on, rounded to whole ms; 1 restores it, queued messages keep their deadlines", () => {
    const { clock, net, add, got } = rig({ latency: () => 3 });
    ["n1", "n2", "n3", "n4"].forEach(add);
    net.setLatencyFactor(2.5);
    expect(net.latencyFactor).toBe(2.5);
    net.send("n1", "n2", { v: 1 }); // 3 × 2.5 = 7.5 → 8
    net.setLatencyFactor(0);
    net.send("n1", "n3", { v: 2 }); // 0: at once
    net.setLatencyFactor(1);
    net.send("n1", "n4", { v: 3 }); // 3
    clock.advance(20);
    expect(got.n2).toEqual([[8, 1]]);
    expect(got.n3).toEqual([[0, 2]]);
    expect(got.n4).toEqual([[3, 3]]);
  });

  it("never touches client messages, and refuses a factor that is not a finite number >= 0", () => {
    const { clock, net, add, got } = rig({ latency: () => 3 });
    ["n1", "c1"].forEach(add);
    net.setLatencyFactor(100);
    net.send("c1", "n1", { v: 1 });
    clock.advance(0);
    expect(got.n1).toEqual([[0, 1]]);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => net.setLatencyFactor(bad)).toThrow(RangeError);
    expect(net.latencyFactor).toBe(100);
  });
});

describe("replies to closed clients (dropToClosedClients, for runs that pause nodes)", () => {
  const make = (dropToClosedClients: boolean) => {
    const clock = new VirtualClock();
    const journal: JournalEvent[] = [];
    const network = new Network({ clock, latency: () => 0, journal: (e) => journal.push(e), nowNs: () => clock.now() * 1e6, dropToClosedClients });
    for (const id of ["n0", "c1"]) network.register(id, { deliver: () => {} });
    network.unregister("c1");
    return { network, journal };
  };

  it("off (Maelstrom's rule): a reply to a closed client is an unknown destination", () => {
    const { network, journal } = make(false);
    expect(() => network.send("n0", "c1", { type: "echo_ok", in_reply_to: 1 })).toThrow(UnknownNodeError);
    expect(journal).toEqual([]);
  });

  it("on: journaled as a send and a drop with why closed; a never-seen id is still unknown", () => {
    const { network, journal } = make(true);
    network.send("n0", "c1", { type: "echo_ok", in_reply_to: 1 });
    expect(journal.map((e) => (e.type === "drop" ? `drop ${e.why}` : e.type))).toEqual(["send", "drop closed"]);
    expect(network.dropped.closed).toBe(1);
    expect(() => network.send("n0", "c9", { type: "echo_ok" })).toThrow(UnknownNodeError);
  });
});
