import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectProbes } from "../helpers/kv-probe.js";
import { runHarness } from "../helpers/run-harness.js";

// KvClient and TsoClient against Maelstrom's services on the process host: test/fixtures/nodes/kv-probe.ts
// as real processes (the fixture runs through tsx; the lib it imports is the source), one short echo run.
// The simulator's tests: test/nodes/kv-probe-sim.test.ts.

describe("the services on the process host, through KvClient and TsoClient", () => {
  it("answer as Maelstrom's (--latency 10, 3 nodes, echo workload, 2 s)", async () => {
    const r = await runHarness({ workload: "echo", bin: "test/fixtures/nodes/kv-probe.ts", latency: 10, timeLimit: 2, seed: 7 });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(0);
    const logs = Object.fromEntries(r.cfg.nodes.map((id) => [id, readFileSync(join(r.dir, "node-logs", `${id}.log`), "utf8")]));
    expectProbes(logs, r.label);
    expect(r.file("results.json").net.servers["msg-count"]).toBe(3 * 17 * 2);
  }, 60_000);
});
