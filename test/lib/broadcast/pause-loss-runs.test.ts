import { describe, expect, it } from "vitest";
import { installBroadcastProgram, simRun } from "../../helpers/sim-run.js";

// The claim for the broadcast node under pauses and message loss, on
// the simulation host (the process host: test/nodes/broadcast-faults.process.test.ts):
// valid, with nothing lost, under --nemesis partition,pause --loss 0.1, in both settings.

type Op = { process: number | string; type: string; f: string; value: unknown; final?: boolean };

describe("the broadcast node under --nemesis partition,pause --loss 0.1 (5 nodes, --rate 10, 30 s, --nemesis-interval 3)", () => {
  // Seed 1 pauses a node longer than the client timeout while a request waits for it: on resume it answers a
  // client that was replaced meanwhile. Under Maelstrom's rule that reply would stop the node's output for good.
  it.each([
    ["frugal", 1],
    ["frugal", 2],
    ["fast", 1],
    ["fast", 2],
  ])("%s is valid with nothing lost, and its output is never stopped (seed %i)", async (setting, seed) => {
    const r = await simRun({ workloadName: "broadcast", install: installBroadcastProgram, bin: "nodes/broadcast.ts", binArgs: [setting], nodeCount: 5, rate: 10, timeLimit: 30, nemesis: ["partition", "pause"], loss: 0.1, nemesisInterval: 3, seed });
    const label = `${setting}, seed ${seed}, store ${r.dir}\n${r.output}`;
    expect(r.exitCode, label).toBe(0);
    const results = r.file("results.json");
    expect(results.workload["lost-count"], label).toBe(0);
    expect(results.harness["output-stopped"] ?? [], label).toEqual([]);
    const ops = r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Op);
    const fs = new Set(ops.filter((o) => o.process === "nemesis").map((o) => o.f));
    expect(fs.has("pause") && fs.has("start-partition"), label).toBe(true);
    const drops = r.text("journal.jsonl").trim().split("\n").map((l) => JSON.parse(l) as { type: string; why?: string }).filter((e) => e.type === "drop");
    expect(drops.some((e) => e.why === "loss"), label).toBe(true);
  });
});
