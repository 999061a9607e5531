import { describe, expect, it } from "vitest";
import { installBroadcast } from "../../../lib/broadcast/broadcast-node.js";
import { PRESETS } from "../../../lib/broadcast/broadcast-settings.js";
import { topology } from "../../../maelstrom-workloads/topology.js";
import { simCluster } from "../../helpers/sim-cluster.js";

const ids = Array.from({ length: 9 }, (_, i) => `n${i}`);

function cluster(preset: "frugal" | "fast") {
  const c = simCluster(ids, (node) => installBroadcast(node, PRESETS[preset]!));
  const topo = topology("grid", ids);
  for (const id of ids) c.request(id, { type: "topology", topology: topo });
  c.clock.advance(10);
  const read = (id: string) => {
    const r = c.request(id, { type: "read" });
    c.clock.advance(0);
    return ((r()?.messages as number[]) ?? []).slice().sort((a, b) => a - b);
  };
  return { ...c, read };
}

describe.each(["frugal", "fast"] as const)("broadcast node (%s) on a simulated network", (preset) => {
  it("gets every value to every node", () => {
    const c = cluster(preset);
    ids.forEach((id, i) => c.request(id, { type: "broadcast", message: i }));
    c.clock.advance(2000);
    for (const id of ids) expect(c.read(id), id).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("converges among the leaves while a partition isolates the hub, and everywhere after it heals", () => {
    const c = cluster(preset);
    const hub = ids[0]!;
    const leaves = ids.slice(1);
    c.net.partition(Object.fromEntries([[hub, leaves], ...leaves.map((l) => [l, [hub]])]));
    leaves.forEach((id, i) => c.request(id, { type: "broadcast", message: 100 + i }));
    c.request(hub, { type: "broadcast", message: 999 });
    c.clock.advance(15_000); // partition still in force
    const leafValues = leaves.map((_, i) => 100 + i);
    for (const id of leaves) expect(c.read(id), `${id} during the partition`).toEqual(leafValues);
    expect(c.read(hub)).toEqual([999]);
    c.net.heal();
    c.clock.advance(15_000);
    for (const id of ids) expect(c.read(id), `${id} after healing`).toEqual([...leafValues, 999]);
  });

  it("goes quiet once everything is delivered: no retry storm, no endless acks", () => {
    const c = cluster(preset);
    ids.forEach((id, i) => c.request(id, { type: "broadcast", message: i }));
    c.clock.advance(10_000);
    const before = c.sent("gossip");
    expect(before).toBeGreaterThan(0);
    c.clock.advance(30_000);
    expect(c.sent("gossip") - before).toBe(0);
  });
});
