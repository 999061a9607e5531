import { describe, expect, it } from "vitest";
import { runHarness } from "../../helpers/run-harness.js";

// The causal-broadcast workload on the process host (nodes as processes, real
// time): one short run each, seed 7, 5 nodes, --rate 50, --latency 100
// exponential. The simulator tests (test/maelstrom-workloads/sim/causal-broadcast-runs.test.ts)
// cover the session modes and faults; these show the process host judges alike.

// The two runs go at once (describe.concurrent): together about as long as the longer one.
describe.concurrent("causal-broadcast on the process host", () => {
  it("calls the node with no causal buffer invalid under exponential latency, with causal-order evidence", { timeout: 60_000 }, async () => {
    const r = await runHarness({ workload: "causal-broadcast", bin: "test/fixtures/nodes/no-causal-buffer.ts", nodeCount: 5, rate: 50, timeLimit: 3, latency: 100, latencyDist: "exponential" });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(1);
    const wl = r.file("results.json").workload;
    expect(wl["anomaly-types"], r.label).toContain("causal-order");
    expect(wl["lost-count"]).toBe(0);
    expect(r.output).toMatch(/causal {7}\d+ causal-order/);
  });

  // 6 s of recovery (Maelstrom's is 10): after a partition the node's gossip tries a peer at most every 4 s.
  it("passes nodes/causal-broadcast.ts with roaming sessions under exponential latency and partitions", { timeout: 60_000 }, async () => {
    const r = await runHarness({ workload: "causal-broadcast", bin: "nodes/causal-broadcast.ts", nodeCount: 5, rate: 50, timeLimit: 4, latency: 100, latencyDist: "exponential", sessions: "roaming", nemesis: ["partition"], recoverySeconds: 6 });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(0);
    const wl = r.file("results.json").workload;
    expect(wl["anomaly-types"]).toEqual([]);
    expect(wl["final-read-count"]).toBe(5);
    expect(r.text("journal.jsonl")).toMatch(/"type":"read","deps":\{/);
  });
});
