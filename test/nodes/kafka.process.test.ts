import { describe, expect, it } from "vitest";
import { runHarness } from "../helpers/run-harness.js";

// kafka on the process host, once: nodes/kafka.ts as real processes (2 nodes,
// --concurrency 2n, --rate 100, 5 s) is valid, and every RPC kind went over stdio.
type Op = { process: number | string; type: string; f: string; final?: boolean };

describe("nodes/kafka.ts as processes", () => {
  it("2 nodes, --concurrency 2n, --rate 100, --time-limit 5: valid, sends, polls and final polls ok", { timeout: 90_000 }, async () => {
    const r = await runHarness({ workload: "kafka", bin: "nodes/kafka.ts", nodeCount: 2, concurrency: "2n", rate: 100, timeLimit: 5, recoverySeconds: 1, seed: 5 });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(0);
    expect(r.file("results.json").workload).toMatchObject({ "valid?": true, "error-types": [] });
    const ops = r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Op);
    for (const f of ["send", "poll"]) expect(ops.some((o) => o.f === f && o.type === "ok"), f).toBe(true);
    expect(ops.some((o) => o.final && o.f === "poll" && o.type === "ok")).toBe(true);
  });
});
