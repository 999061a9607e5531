import { describe, expect, it } from "vitest";
import { runHarness } from "../helpers/run-harness.js";

// nodes/lin-kv.ts and the faulty cached-lin-kv.ts as real processes (compiled,
// through scripts/run-node.sh), talking to the harness's lin-kv service: one
// short run each. The simulator's tests: test/nodes/lin-kv-sim.test.ts.

type Op = { process: number | string; type: string; f: string; value: unknown };

describe("lin-kv as processes (3 nodes, --concurrency 2n, --rate 20, 4 s)", () => {
  it("nodes/lin-kv.ts is linearizable under --nemesis partition, every op type succeeding", async () => {
    const r = await runHarness({ workload: "lin-kv", bin: "nodes/lin-kv.ts", concurrency: "2n", rate: 20, timeLimit: 4, nemesis: ["partition"], nemesisInterval: 1, seed: 5 });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(0);
    expect(r.file("results.json").workload["valid?"]).toBe(true);
    const ops = r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Op);
    for (const f of ["read", "write", "cas"]) expect(ops.some((o) => o.f === f && o.type === "ok"), f).toBe(true);
    expect(ops.some((o) => o.process === "nemesis" && o.f === "start-partition")).toBe(true);
  }, 60_000);

  it("test/fixtures/nodes/cached-lin-kv.ts is not: its cached reads are stale", async () => {
    const r = await runHarness({ workload: "lin-kv", bin: "test/fixtures/nodes/cached-lin-kv.ts", concurrency: "2n", rate: 20, timeLimit: 4, seed: 5 });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(1);
    const w = r.file("results.json").workload;
    expect(w["valid?"]).toBe(false);
    expect(w.failures).toEqual(["0"]);
  }, 60_000);
});
