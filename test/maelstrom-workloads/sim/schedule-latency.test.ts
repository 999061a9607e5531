import { describe, expect, it } from "vitest";
import { installBroadcastProgram, simRun } from "../../helpers/sim-run.js";

// A schedule's latency fault slows every server-to-server message, and a receiver takes its messages in
// deadline order and waits for the head one (Maelstrom's network): a client's request can wait behind a
// slowed message past the client's 5 s timeout. The client is then replaced, and the node's late answer
// goes to a closed client. As with pauses, that answer is dropped (why closed), not taken as bad output
// that would silence the node for the rest of the run.
describe("a latency fault in a schedule", () => {
  it("delays clients past their timeout without silencing the nodes: broadcast stays valid", async () => {
    const r = await simRun({
      workloadName: "broadcast",
      install: installBroadcastProgram,
      nodeCount: 5,
      timeLimit: 20,
      latency: { mean: 1000, dist: "constant" },
      schedule: { version: 1, faults: [{ atMs: 2000, forMs: 3000, kind: "latency", factor: 10 }] },
      seed: 3,
    });
    const results = r.file("results.json");
    expect(results.harness["output-stopped"] ?? [], r.output).toEqual([]);
    // The fault did delay clients past their timeout: some ops are indeterminate.
    expect(results.stats["info-count"] + results.stats["fail-count"], r.output).toBeGreaterThan(0);
    expect(r.text("journal.jsonl")).toMatch(/"type":"drop","why":"closed"/);
    expect(r.exitCode, r.output).toBe(0);
  });
});
