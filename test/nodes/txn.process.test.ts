import { describe, expect, it } from "vitest";
import { runHarness } from "../helpers/run-harness.js";

// The txn nodes as real processes (bundled, started as Maelstrom starts
// them), one short run each. The simulator's tests: test/nodes/txn-*-sim.test.ts.

type Op = { process: number | string; type: string; f: string; value: unknown };

describe("txn workloads as processes (4 s)", () => {
  it("nodes/txn-rw-register.ts: read committed and totally available under --nemesis partition (6c's flags, shorter)", async () => {
    const r = await runHarness({ workload: "txn-rw-register", bin: "nodes/txn-rw-register.ts", nodeCount: 2, concurrency: "2n", rate: 200, timeLimit: 4, consistencyModels: ["read-committed"], availability: "total", nemesis: ["partition"], seed: 5 });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(0);
    expect(r.file("results.json").workload["valid?"]).toBe(true);
    const ops = r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Op);
    expect(ops.filter((o) => o.f === "txn" && o.type === "ok").length).toBeGreaterThan(300);
  }, 60_000);

  it("nodes/txn-list-append.ts: strict serializable through the lin-kv service", async () => {
    const r = await runHarness({ workload: "txn-list-append", bin: "nodes/txn-list-append.ts", concurrency: "2n", rate: 50, timeLimit: 4, seed: 5 });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(0);
    const w = r.file("results.json").workload;
    expect(w["valid?"]).toBe(true);
    expect(w["ok-count"]).toBeGreaterThan(100);
  }, 60_000);
});
