import { describe, expect, it } from "vitest";
import { faultSpans, partitionSides } from "../../../maelstrom-workloads/report/fault-spans.js";
import { historyBuilder } from "./history-for-plots.js";

const nodes = ["n0", "n1", "n2", "n3", "n4"];
const majority = { n0: ["n2", "n3"], n1: ["n2", "n3"], n2: ["n0", "n1", "n4"], n3: ["n0", "n1", "n4"], n4: ["n2", "n3"] };

describe("faultSpans", () => {
  it("partitions: one span per grudge in force, labelled by its sides or its cuts; a new grudge ends the one before", () => {
    const h = historyBuilder();
    h.nemesis(1000, "start-partition", "majority");
    h.nemesis(1000, "start-partition", ["isolated", majority]);
    h.nemesis(3000, "stop-partition", null);
    h.nemesis(3000, "stop-partition", "network-healed");
    h.nemesis(4000, "start-partition", "bridge");
    h.nemesis(4000, "start-partition", ["isolated", { n0: ["n3"], n3: ["n0"], n1: [] }]);
    h.nemesis(5000, "start-partition", "custom");
    h.nemesis(5000, "start-partition", ["isolated", { n4: ["n1"] }]);
    const spans = faultSpans(h.ops, nodes);
    expect(spans).toEqual([
      { kind: "partition", fromNs: 1e9, toNs: 3e9, nodes: ["n0", "n1", "n2", "n3", "n4"], label: "partition majority n0 n1 n4 | n2 n3" },
      { kind: "partition", fromNs: 4e9, toNs: 5e9, nodes: ["n0", "n3"], label: "partition bridge n0 drops n3; n3 drops n0" },
      { kind: "partition", fromNs: 5e9, toNs: Infinity, nodes: ["n1", "n4"], label: "partition n4 drops n1" },
    ]);
  });

  it("kills and pauses: one span per node, from the kill's announcement to its start; a kill ends a pause", () => {
    const h = historyBuilder();
    h.nemesis(1000, "pause", ["n1"]);
    h.nemesis(1000, "pause", { n1: "paused" });
    h.nemesis(2000, "kill", "minority");
    h.nemesis(2100, "kill", { n1: "killed", n3: "killed" });
    h.nemesis(6000, "start", "all");
    h.nemesis(6500, "start", { n1: "started" });
    const spans = faultSpans(h.ops, nodes);
    expect(spans.map((s) => [s.label, s.fromNs / 1e6, s.toNs / 1e6])).toEqual([
      ["pause n1", 1000, 2100],
      ["kill n1", 2000, 6500],
      ["kill n3", 2000, Infinity],
    ]);
  });

  it("loss and latency: shaded while a fault of theirs is in force, one span per level; a heal back to the run's --loss shades nothing", () => {
    const h = historyBuilder();
    h.nemesis(1000, "start-loss", 0.3);
    h.nemesis(1000, "start-loss", { loss: 0.3 });
    h.nemesis(2000, "start-loss", 0.8);
    h.nemesis(2000, "start-loss", { loss: 0.8 });
    h.nemesis(3000, "stop-loss", 0.8);
    h.nemesis(3000, "stop-loss", { loss: 0.3 });
    h.nemesis(4000, "stop-loss", 0.3);
    h.nemesis(4000, "stop-loss", { loss: 0.1 });
    h.nemesis(5000, "start-latency", 10);
    h.nemesis(5000, "start-latency", { "latency-factor": 10 });
    h.nemesis(9000, "stop-latency", "all");
    h.nemesis(9000, "stop-latency", { "latency-factor": 1 });
    const spans = faultSpans(h.ops, nodes);
    expect(spans.map((s) => [s.kind, s.label, s.fromNs / 1e6, s.toNs / 1e6])).toEqual([
      ["loss", "loss 30%", 1000, 2000],
      ["loss", "loss 80%", 2000, 3000],
      ["loss", "loss 30%", 3000, 4000],
      ["latency", "latency x10", 5000, 9000],
    ]);
  });

  it("client ops and a history without faults give no spans", () => {
    const h = historyBuilder();
    h.op(0, "read", 10, 5);
    expect(faultSpans(h.ops, nodes)).toEqual([]);
  });
});

describe("partitionSides", () => {
  it("finds the sides of a clean split, and none for a one-way or bridge cut", () => {
    expect(partitionSides(majority, nodes)).toEqual([["n0", "n1", "n4"], ["n2", "n3"]]);
    expect(partitionSides({ n0: ["n1"] }, ["n0", "n1"])).toBeUndefined();
    expect(partitionSides({ n0: ["n2"], n2: ["n0"] }, ["n0", "n1", "n2"])).toBeUndefined();
    expect(partitionSides({}, nodes)).toBeUndefined();
  });
});
