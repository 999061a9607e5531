import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "vitest";
import { runHarness } from "../helpers/run-harness.js";

// The membership workload on the process host (nodes as processes, real time): nodes/swim.ts is valid under
// a kill, and the bundled node that never declares anyone dead is not. A short run, so one kill at a fixed time
// (a schedule: n2 killed 1 s into the main phase for 14 s) and the detection deadline shortened to 8 s
// (default 15). The simulator's runs: test/nodes/membership-sim.test.ts.

type Op = { process: number | string; type: string; f: string; value: unknown };
const schedule = join(mkdtempSync(join(tmpdir(), "membership-process-")), "kill.json");
writeFileSync(schedule, JSON.stringify({ version: 1, faults: [{ atMs: 1000, forMs: 14_000, kind: "kill", nodes: ["n2"] }] }));
const settings = { workload: "membership" as const, nodeCount: 5, rate: 20, timeLimit: 16, schedule, membershipDeadline: 8, recoverySeconds: 4, seed: 3 };

describe.concurrent("membership on the process host (5 nodes, --rate 20, 16 s, n2 killed for 14 s)", () => {
  it("nodes/swim.ts: valid, the kill detected by every live node, no false positive, lookups agree after recovery", { timeout: 90_000 }, async ({ expect }) => {
    const r = await runHarness({ ...settings, bin: "nodes/swim.ts" });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(0);
    const w = r.file("results.json").workload;
    expect(w["kills-judged"]).toBe(1);
    // The worst case (12 s); on a loaded machine the median of ~5 s can stretch past 6 s.
    expect(w["detection-latencies"]["1"]).toBeLessThan(12_000);
    expect(w["false-positive-count"]).toBe(0);
    expect(w["lookup-disagreement-count"]).toBe(0);
    const ops = r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Op);
    expect(ops.some((o) => o.process === "nemesis" && o.f === "kill" && typeof o.value === "object")).toBe(true);
  });

  it("never-dead.ts: invalid, with the kill it never reported", { timeout: 90_000 }, async ({ expect }) => {
    const r = await runHarness({ ...settings, bin: "test/fixtures/nodes/never-dead.ts" });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(1);
    const w = r.file("results.json").workload;
    expect(w["kills-judged"]).toBe(1);
    expect(w["finding-counts"].undetected).toBeGreaterThan(0);
  });
});
