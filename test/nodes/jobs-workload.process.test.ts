import { describe, expect, it } from "vitest";
import { runHarness } from "../helpers/run-harness.js";

// The jobs workload on the process host (compiled nodes, through scripts/run-node.sh): one short run of
// nodes/job-worker.ts under kills, on the lin-kv service. The simulator's runs (partitions, the
// forgetful fixture): test/nodes/jobs-sim.test.ts.

describe("the jobs workload on processes", () => {
  it("judges nodes/job-worker.ts valid under --nemesis kill (3 nodes, --rate 10, 5 s): every acknowledged job done right", async () => {
    const r = await runHarness({ workload: "jobs", bin: "nodes/job-worker.ts", rate: 10, timeLimit: 5, nemesis: ["kill"], nemesisInterval: 2, recoverySeconds: 2 });
    const w = r.file("results.json").workload;
    expect(r.exitCode, `${r.label}\n${r.output}\n${JSON.stringify(w, null, 1)}`).toBe(0);
    expect(w["acknowledged-count"], r.label).toBeGreaterThan(5);
    expect(w["completed-count"] + w["stopped-count"], r.label).toBe(w["acknowledged-count"]);
    expect(w["wrong-result-count"], r.label).toBe(0);
    expect(r.text("history.jsonl")).toContain('"killed"');
    expect(r.text("history.jsonl")).toContain('"f":"final"');
  }, 60_000);
});
