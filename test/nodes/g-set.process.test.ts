import { describe, expect, it } from "vitest";
import { runHarness } from "../helpers/run-harness.js";

// The g-set workload on the process host (compiled nodes, through scripts/run-node.sh): one short run of
// nodes/g-set.ts under partitions, one of the faulty fixture. The simulator's runs: test/nodes/g-set-sim.test.ts.

describe("the g-set workload on processes", () => {
  // frugal resends an unacknowledged batch after 2.5 s, backing off to 5 s while a peer is cut off, so it may
  // take 5 s after the heal to refill a node (Maelstrom waits 10 s before the final reads): the resend times are
  // shrunk here so that 3 s of recovery is enough.
  it("judges nodes/g-set.ts valid under --nemesis partition, nothing lost (3 nodes, --rate 20, 3 s)", async () => {
    const binArgs = ["--ack-delay", "300", "--rto", "800", "--max-rto", "1000"];
    const r = await runHarness({ workload: "g-set", bin: "nodes/g-set.ts", binArgs, rate: 20, nemesis: ["partition"], recoverySeconds: 3 });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(0);
    const w = r.file("results.json").workload;
    expect(w).toMatchObject({ "valid?": true, "lost-count": 0, "never-read-count": 0 });
    expect(w["stable-count"]).toBeGreaterThan(10);
    expect(r.text("history.jsonl")).toContain('"start-partition"');
  }, 30_000);

  it("judges test/fixtures/nodes/unshared-set.ts invalid: adds made elsewhere are missing from a node's final read", async () => {
    const r = await runHarness({ workload: "g-set", bin: "test/fixtures/nodes/unshared-set.ts", rate: 20 });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(1);
    const w = r.file("results.json").workload;
    expect(w["valid?"]).toBe(false);
    expect(w["lost-count"]).toBeGreaterThan(5);
  }, 30_000);
});
