import { describe, expect, it } from "vitest";
import { runHarness } from "../../helpers/run-harness.js";

// nodes/broadcast.ts, both named settings, through the harness with partitions
// (Gossip Glomers 3c, with a shorter main phase but Maelstrom's real 10 s of
// recovery before the final reads). The 25-node efficiency figures come from
// `npm run bench:broadcast`, not from tests.
describe.each([["frugal"], ["fast"]])("nodes/broadcast.ts %s", (setting) => {
  it("is valid under --nemesis partition on 5 nodes, with nothing lost", async () => {
    const r = await runHarness({ workload: "broadcast", bin: "nodes/broadcast.ts", binArgs: [setting], nodeCount: 5, nemesis: ["partition"], timeLimit: 5, nemesisInterval: 1, recoverySeconds: 10, seed: 21 });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(0);
    const wl = r.file("results.json").workload;
    expect(wl["lost-count"]).toBe(0);
    expect(wl["stable-count"]).toBe(wl["attempt-count"]);
  });
});
