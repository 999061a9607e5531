import { describe, expect, it } from "vitest";
import { runHarness } from "../helpers/run-harness.js";

// The unique-ids workload on the process host (compiled nodes, through scripts/run-node.sh): one short run of
// nodes/unique-ids.ts under partitions, one of the faulty fixture. The simulator's runs: test/nodes/unique-ids-sim.test.ts.

describe("the unique-ids workload on processes", () => {
  it("judges nodes/unique-ids.ts valid under --nemesis partition (3 nodes, --rate 50, 3 s)", async () => {
    const r = await runHarness({ workload: "unique-ids", bin: "nodes/unique-ids.ts", rate: 50, nemesis: ["partition"] });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(0);
    const w = r.file("results.json").workload;
    expect(w).toMatchObject({ "valid?": true, "duplicated-count": 0 });
    expect(w["acknowledged-count"]).toBeGreaterThan(50);
    expect(r.text("history.jsonl")).toContain('"start-partition"');
  }, 30_000);

  it("judges test/fixtures/nodes/colliding-ids.ts invalid: the same counter values from every node", async () => {
    const r = await runHarness({ workload: "unique-ids", bin: "test/fixtures/nodes/colliding-ids.ts", rate: 30 });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(1);
    const w = r.file("results.json").workload;
    expect(w["valid?"]).toBe(false);
    expect(w["duplicated-count"]).toBeGreaterThan(5);
  }, 30_000);
});
