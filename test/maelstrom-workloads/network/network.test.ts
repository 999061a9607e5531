import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import type { JournalEvent } from "../../../maelstrom-workloads/model/journal-event.js";
import { type NetMessage, Network, UnknownNodeError } from "../../../maelstrom-workloads/network/network.js";

function rig(latencies: number[] | number = 100) {
  const clock = new VirtualClock();
  const journal: JournalEvent[] = [];
  const lat = Array.isArray(latencies) ? [...latencies] : undefined;
  const net = new Network({ clock, latency: () => (lat ? lat.shift()! : (latencies as number)), journal: (e) => journal.push(e), nowNs: () => clock.now() * 1e6 });
  const got: Record<string, Array<[number, number]>> = {};
  const add = (id: string) => {
    got[id] = [];
    net.register(id, { deliver: (m: NetMessage) => got[id]!.push([clock.now(), m.body.v as number]) });
  };
  return { clock, net, journal, got, add };
}

describe("Network", () => {
  it("delivers server messages after their latency, in deadline order", () => {
    const { clock, net, got, add } = rig([100, 30]);
    ["n1", "n2"].forEach(add);
    net.send("n1", "n2", { v: 1 }); // deadline 100
    clock.advance(10);
    net.send("n1", "n2", { v: 2 }); // deadline 40, but n2 is already waiting for v1's deadline
    clock.advance(200);
    // Head-of-line blocking: the receiver took v1 and sleeps until 100; v2 waits behind it.
    expect(got.n2).toEqual([
      [100, 1],
      [100, 2],
    ]);
  });

  it("lets a shorter latency overtake when both are queued before the receiver looks", () => {
    const { clock, net, got, add } = rig([50, 30, 10]);
    ["n1", "n2"].forEach(add);
    net.send("n1", "n2", { v: 1 }); // deadline 50, taken at once: n2 waits for it
    net.send("n1", "n2", { v: 2 }); // deadline 30, queued
    net.send("n1", "n2", { v: 3 }); // deadline 10, queued: overtakes v2
    clock.advance(100);
    expect(got.n2!.map(([, v]) => v)).toEqual([1, 3, 2]);
  });

  it("gives messages to and from clients zero latency", () => {
    const { net, got, add } = rig(100);
    ["n1", "c1"].forEach(add);
    net.send("c1", "n1", { v: 1 });
    net.send("n1", "c1", { v: 2 });
    expect(got.n1).toEqual([[0, 1]]);
    expect(got.c1).toEqual([[0, 2]]);
  });

  it("checks partitions at the receiver when it dequeues, and never touches clients", () => {
    const { clock, net, got, add, journal } = rig(100);
    ["n1", "n2", "n3", "c1"].forEach(add);
    net.send("n1", "n2", { v: 1 }); // dequeued now (before the partition): delivered at 100
    net.send("n1", "n2", { v: 2 }); // still queued behind v1
    net.partition({ n2: ["n1"], n1: ["n2"] });
    clock.advance(150);
    expect(got.n2).toEqual([[100, 1]]); // v2 was dequeued during the partition: dropped
    net.send("n3", "n2", { v: 3 }); // not in the grudge
    net.send("c1", "n2", { v: 4 }); // clients are never partitioned
    clock.advance(150);
    expect(got.n2).toEqual([
      [100, 1],
      [250, 3],
      [250, 4],
    ]);
    expect(net.droppedByPartition).toBe(1);
    const v2 = journal.filter((e) => e.message.body.v === 2).map((e) => (e.type === "drop" ? `drop ${e.why}` : e.type));
    expect(v2).toEqual(["send", "drop partition"]); // sent, never received
    net.heal();
    net.send("n1", "n2", { v: 5 });
    clock.advance(100);
    expect(got.n2!.at(-1)).toEqual([400, 5]);
  });

  it("numbers messages from 0 and journals send then recv with the message id", () => {
    const { clock, net, journal, add } = rig(5);
    ["n1", "n2"].forEach(add);
    const m = net.send("n1", "n2", { v: 1 });
    clock.advance(5);
    expect(m.id).toBe(0);
    expect(journal.map((e) => [e.id, e.type, e.message.id, e.time])).toEqual([
      [0, "send", 0, 0],
      [1, "recv", 0, 5e6],
    ]);
  });

  it("refuses messages from or to nodes not on the network, without journaling them", () => {
    const { net, journal, add } = rig();
    add("n1");
    expect(() => net.send("n1", "n9", {})).toThrow(UnknownNodeError);
    expect(() => net.send("c7", "n1", {})).toThrow(/Invalid src/);
    expect(journal).toEqual([]);
  });

  it("loses what was queued for a receiver that leaves", () => {
    const { clock, net, got, add } = rig(100);
    ["n1", "n2"].forEach(add);
    net.send("n1", "n2", { v: 1 });
    net.unregister("n2");
    clock.advance(200);
    expect(got.n2).toEqual([]);
  });

  it("records how late each timed delivery was (zero on a virtual clock)", () => {
    const { clock, net, add } = rig(10);
    ["n1", "n2"].forEach(add);
    for (let i = 0; i < 5; i++) net.send("n1", "n2", { v: i });
    clock.advance(100);
    expect(net.lateness).toEqual([0]);
  });

  it("journals nothing after shutdown, even for deliveries that were waiting", () => {
    const { clock, net, journal, got, add } = rig(100);
    ["n1", "n2"].forEach(add);
    net.send("n1", "n2", { v: 1 });
    net.shutdown();
    clock.advance(200);
    expect(journal.map((e) => e.type)).toEqual(["send"]);
    expect(got.n2).toEqual([]);
    expect(clock.pending).toBe(0);
  });
});
