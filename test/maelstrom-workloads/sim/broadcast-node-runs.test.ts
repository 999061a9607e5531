import { describe, expect, it } from "vitest";
import { loadNodeProgram } from "../../../lib/runtime/node-program.js";
import { simRun } from "../../helpers/sim-run.js";

// nodes/broadcast.ts, both named settings, under --nemesis partition (Gossip
// Glomers 3c), with Maelstrom's real 10 s of recovery before the final reads.
// This tests the node, not processes, so it runs on the simulation host (about
// 15 s of real time each on the process host, well under one here); the
// process host's proof for broadcast is test/maelstrom-workloads/runs/broadcast-runs.test.ts.
// The 25-node efficiency figures come from `npm run bench:broadcast`, not from tests.
describe.each([["frugal"], ["fast"]])("nodes/broadcast.ts %s on the simulation host", (setting) => {
  it("is valid under --nemesis partition on 5 nodes, with nothing lost", async () => {
    const install = await loadNodeProgram("nodes/broadcast.ts");
    const nodes = ["n0", "n1", "n2", "n3", "n4"];
    const r = await simRun({ workloadName: "broadcast", bin: "nodes/broadcast.ts", install, binArgs: [setting], nodes, concurrency: 5, nemesis: ["partition"], timeLimit: 5, nemesisInterval: 1, recoverySeconds: 10, seed: 21 });
    expect(r.exitCode, `seed ${r.cfg.seed}, store ${r.dir}\n${r.output}`).toBe(0);
    const wl = r.file("results.json").workload;
    expect(wl["lost-count"]).toBe(0);
    expect(wl["stable-count"]).toBe(wl["attempt-count"]);
    expect(r.text("history.jsonl")).toMatch(/"start-partition"/);
  });

  it("is valid on 25 nodes at --rate 100 --latency 100 (exponential) under --nemesis partition", async () => {
    const install = await loadNodeProgram("nodes/broadcast.ts");
    const nodes = Array.from({ length: 25 }, (_, i) => `n${i}`);
    const r = await simRun({ workloadName: "broadcast", bin: "nodes/broadcast.ts", install, binArgs: [setting], nodes, concurrency: 25, rate: 100, timeLimit: 20, latency: { mean: 100, dist: "exponential" }, nemesis: ["partition"], nemesisInterval: 3, recoverySeconds: 10, seed: 25 });
    expect(r.exitCode, `seed ${r.cfg.seed}, store ${r.dir}\n${r.output}`).toBe(0);
    const wl = r.file("results.json").workload;
    expect(wl["lost-count"]).toBe(0);
    expect(wl["attempt-count"]).toBeGreaterThan(500);
    expect(wl["stable-count"]).toBe(wl["attempt-count"]);
  });
});
