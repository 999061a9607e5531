import { describe, expect, it } from "vitest";
import { installBroadcast } from "../../../lib/broadcast/broadcast-node.js";
import { PRESETS } from "../../../lib/broadcast/broadcast-settings.js";
import type { Clock } from "../../../lib/runtime/clock.js";
import type { JournalEvent } from "../../../maelstrom-workloads/model/journal-event.js";
import type { NemesisPackage } from "../../../maelstrom-workloads/nemesis/nemesis-package.js";
import { simPhases } from "../../helpers/sim-phases.js";

// The broadcast node on the simulation host: 9 nodes of the program on one
// virtual clock, the real broadcast workload (generator, clients, final reads)
// and its set-full checker, 100 ms between nodes.

const install = (preset: string) => (node: Parameters<typeof installBroadcast>[0]) => installBroadcast(node, PRESETS[preset]!);
const MS = 1e6; // journal times are ns
const sends = (journal: readonly JournalEvent[], type: string) => journal.filter((e) => e.type === "send" && e.message.body.type === type);

/**
 * A fault of the test's own, recorded as the partition package records its
 * ops: the hub (the star's first node) cut off from every leaf. `times` gets
 * the virtual ms of the first start and of every heal.
 */
function isolateHub(hub: string, leaves: readonly string[], clock: Clock, times: { start: number[]; heal: number[] }): NemesisPackage {
  return {
    name: "isolate-hub",
    start({ network, history }) {
      const grudge = Object.fromEntries([[hub, [...leaves]], ...leaves.map((l) => [l, [hub]])]);
      history.nemesis("start-partition", ["isolated", grudge]);
      network.partition(grudge);
      times.start.push(clock.now());
      return "hub isolated";
    },
    heal({ network, history }) {
      history.nemesis("stop-partition", null);
      network.heal();
      history.nemesis("stop-partition", "network-healed");
      times.heal.push(clock.now());
    },
  };
}

describe.each(["frugal", "fast"] as const)("broadcast node (%s) on the simulation host", (preset) => {
  it("gets every value to every node: set-full finds nothing lost and every value stable", async () => {
    const r = await simPhases({ workloadName: "broadcast", install: install(preset), nodeCount: 9, rate: 20, timeLimit: 10, recoverySeconds: 10, latencyMs: 100 });
    expect(r.crash).toBeUndefined();
    expect(r.check).toMatchObject({ "valid?": true, "lost-count": 0 });
    expect(r.check["attempt-count"]).toBeGreaterThan(50);
    expect(r.check["stable-count"]).toBe(r.check["attempt-count"]);
    expect(r.ops.filter((o) => o.final === true && o.type === "ok")).toHaveLength(9); // a final read on every node
  });

  it("converges among the leaves while a partition isolates the hub, and everywhere after it heals", async () => {
    const ids = Array.from({ length: 9 }, (_, i) => `n${i}`);
    const [hub, ...leaves] = ids as [string, ...string[]];
    const times = { start: [] as number[], heal: [] as number[] };
    // One start at the beginning of the main phase (the next op would be ~11 days later), healed before the recovery wait.
    const r = await simPhases({ workloadName: "broadcast", install: install(preset), nodeCount: 9, rate: 10, timeLimit: 40, recoverySeconds: 15, latencyMs: 100, nemeses: (clock) => [isolateHub(hub, leaves, clock, times)], nemesisInterval: 1e6 });
    expect(r.crash).toBeUndefined();
    expect(times.start).toHaveLength(1);
    expect(times.heal).toHaveLength(1);
    const [startAt, healAt] = [times.start[0]! * MS, times.heal[0]! * MS];
    const isLeaf = (n: string) => leaves.includes(n);
    // Values given to a leaf, and to the hub, by the client broadcasts the nodes received.
    const given = r.journal.filter((e) => e.type === "recv" && e.message.body.type === "broadcast" && e.message.src.startsWith("c")).map((e) => ({ at: e.time, node: e.message.dest, value: e.message.body.message as number }));
    const hubValues = new Set(given.filter((g) => g.node === hub).map((g) => g.value));
    const leafReads = sends(r.journal, "read_ok").filter((e) => isLeaf(e.message.src) && e.time > startAt && e.time < healAt);
    expect(hubValues.size, "some values were given to the hub").toBeGreaterThan(0);
    expect(leafReads.length).toBeGreaterThan(20);
    for (const read of leafReads) {
      const seen = new Set(read.message.body.messages as number[]);
      // The partition is in force: no leaf sees a value only the hub was given...
      for (const v of hubValues) expect(seen.has(v), `${read.message.src} read hub value ${v} during the partition`).toBe(false);
      // ...and every value given to any leaf 10 s or more before the read has reached this leaf.
      for (const g of given) if (isLeaf(g.node) && g.at <= read.time - 10_000 * MS) expect(seen.has(g.value), `${read.message.src} at ${read.time / MS} ms misses ${g.value} (given to ${g.node} at ${g.at / MS} ms)`).toBe(true);
    }
    // After the heal, everything everywhere: set-full finds nothing lost, every value stable, hub values included.
    expect(r.check).toMatchObject({ "valid?": true, "lost-count": 0 });
    expect(r.check["stable-count"]).toBe(r.check["attempt-count"]);
  });

  it("goes quiet once everything is delivered: no retry storm, no endless acks", async () => {
    const r = await simPhases({ workloadName: "broadcast", install: install(preset), nodeCount: 9, rate: 20, timeLimit: 10, recoverySeconds: 40, latencyMs: 100 });
    expect(r.crash).toBeUndefined();
    const lastBroadcast = Math.max(...sends(r.journal, "broadcast").filter((e) => e.message.src.startsWith("c")).map((e) => e.time));
    const gossip = sends(r.journal, "gossip");
    expect(gossip.filter((e) => e.time <= lastBroadcast + 10_000 * MS).length).toBeGreaterThan(0);
    // From 10 s after the last client broadcast to the end of the run (about 30 s more), not one gossip.
    expect(gossip.filter((e) => e.time > lastBroadcast + 10_000 * MS)).toEqual([]);
    expect(r.simulatedMs).toBeGreaterThan(lastBroadcast / MS + 35_000);
  });
});
