import { describe, expect, it } from "vitest";
import { runHarness } from "../helpers/run-harness.js";

// nodes/causal-broadcast.ts as real processes (compiled, through scripts/run-node.sh): one short run
// of the causal-broadcast workload with sticky clients (Maelstrom's requests, no tokens) under partitions
// and exponential latency (roaming clients on processes: test/maelstrom-workloads/runs/causal-broadcast-runs.test.ts).
// The simulator's tests: test/nodes/causal-broadcast-sim.test.ts.

type Op = { process: number | string; type: string; f: string; value: unknown; final?: boolean };

describe("nodes/causal-broadcast.ts as processes", () => {
  it("finds no anomaly with --sessions sticky, --nemesis partition and --latency 100 exponential (5 nodes, --rate 20, 6 s), every final read complete", async () => {
    const r = await runHarness({ workload: "causal-broadcast", bin: "nodes/causal-broadcast.ts", nodeCount: 5, rate: 20, timeLimit: 6, sessions: "sticky", latency: 100, latencyDist: "exponential", nemesis: ["partition"], nemesisInterval: 1, recoverySeconds: 6, seed: 4 });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(0);
    const w = r.file("results.json").workload;
    expect(w["valid?"]).toBe(true);
    expect(w["lost-count"]).toBe(0);
    const ops = r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Op);
    expect(ops.some((o) => o.process === "nemesis" && o.f === "start-partition")).toBe(true);
    expect(ops.filter((o) => o.f === "broadcast" && o.type === "ok").length).toBeGreaterThan(10);
    expect(ops.filter((o) => o.final === true && o.type === "ok")).toHaveLength(5);
  }, 60_000);
});
