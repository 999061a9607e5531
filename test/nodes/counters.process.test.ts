import { describe, expect, it } from "vitest";
import { runHarness } from "../helpers/run-harness.js";

// The counter workloads on the process host (compiled nodes, through scripts/run-node.sh): one short run of
// nodes/g-counter.ts (on the seq-kv service) under partitions, one of the faulty fixture. The simulator's
// runs, pn-counter and kills included: test/nodes/counters-sim.test.ts.

describe("the g-counter workload on processes", () => {
  it("judges nodes/g-counter.ts valid under --nemesis partition, every final read the total (3 nodes, --rate 20, 3 s)", async () => {
    const r = await runHarness({ workload: "g-counter", bin: "nodes/g-counter.ts", rate: 20, nemesis: ["partition"] });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(0);
    const w = r.file("results.json").workload;
    expect(w["valid?"], r.label).toBe(true);
    expect(w["final-reads"], r.label).toHaveLength(3);
    expect(w.acceptable[0][0], r.label).toBeGreaterThan(0);
    expect(r.text("history.jsonl")).toContain('"start-partition"');
  }, 30_000);

  it("judges test/fixtures/nodes/unshared-counter.ts invalid: a node's final read misses the other nodes' adds", async () => {
    const r = await runHarness({ workload: "g-counter", bin: "test/fixtures/nodes/unshared-counter.ts", rate: 20 });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(1);
    const w = r.file("results.json").workload;
    expect(w["valid?"]).toBe(false);
    expect(w.errors.length).toBeGreaterThanOrEqual(2);
  }, 30_000);
});
