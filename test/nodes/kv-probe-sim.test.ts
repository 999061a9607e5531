import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadNodeProgram } from "../../lib/runtime/node-program.js";
import { expectProbes } from "../helpers/kv-probe.js";
import { ROOT } from "../helpers/run-harness.js";
import { simRun } from "../helpers/sim-run.js";

// KvClient and TsoClient against Maelstrom's services on the simulation host: test/fixtures/nodes/kv-probe.ts
// answers echo and runs a fixed script of calls on each service, logging each result.
// The same probe as processes: test/nodes/kv-probe.process.test.ts.

const bin = "test/fixtures/nodes/kv-probe.ts";
const install = await loadNodeProgram(join(ROOT, bin));

const logs = (r: { dir: string; cfg: { nodes: readonly string[] } }) => Object.fromEntries(r.cfg.nodes.map((id) => [id, readFileSync(join(r.dir, "node-logs", `${id}.log`), "utf8")]));

describe("the services on the simulator, through KvClient and TsoClient", () => {
  it.each([0, 20])("answer as Maelstrom's (--latency %i, 3 nodes, echo workload)", async (latency) => {
    const r = await simRun({ workloadName: "echo", install, bin, latency: { mean: latency, dist: "constant" }, seed: 7 });
    const label = `seed 7, store ${r.dir}`;
    expect(r.exitCode, `${label}\n${r.output}`).toBe(0);
    expectProbes(logs(r), label);
    // Service traffic is server traffic: 3 nodes x 17 calls, a request and a reply each.
    expect(r.file("results.json").net.servers["msg-count"]).toBe(3 * 17 * 2);
  });

  it("the same seed gives the same journal, byte for byte, with seq-kv's and lww-kv's draws", async () => {
    const a = await simRun({ workloadName: "echo", install, bin, latency: { mean: 5, dist: "uniform" }, seed: 11 });
    const b = await simRun({ workloadName: "echo", install, bin, latency: { mean: 5, dist: "uniform" }, seed: 11 });
    const journal = a.text("journal.jsonl");
    expect(journal).toContain('"src":"seq-kv"');
    expect(journal).toContain('"src":"lww-kv"');
    expect(b.text("journal.jsonl")).toBe(journal);
  });
});
