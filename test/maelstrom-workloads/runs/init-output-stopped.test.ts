import { describe, expect, it } from "vitest";
import { runHarness } from "../../helpers/run-harness.js";

/** Issue 7, item 20: a node whose output stopped being routed before init is told so, at once. */

describe("init after the node's output stopped being routed", () => {
  it("says the output stopped, why, and the line, without waiting out the 10 s init timeout", async () => {
    const t0 = Date.now();
    const r = await runHarness({ workload: "echo", bin: "test/fixtures/echo/huge-output.mjs", binArgs: ["hello-before-init"], nodeCount: 2 });
    const took = Date.now() - t0;
    expect(r.exitCode, r.output).toBe(255);
    expect(r.crash).toMatch(/node n\d did not answer init: before it answered, it wrote a line that Maelstrom cannot route, so \(as Maelstrom does\) the harness stopped reading its stdout/);
    expect(r.crash).toMatch(/why: +.*not valid JSON/);
    expect(r.crash).toMatch(/line: hello from the node/);
    expect(r.crash).not.toMatch(/no reply from/);
    // The cause is asserted above; this only tells "at once" from "after the 10 s
    // init timeout", with room for spawning two nodes on a loaded machine.
    expect(took, `the run took ${took} ms`).toBeLessThan(9_000);
    expect(r.file("test.json")).toMatchObject({ "exit-code": 255 });
  }, 30_000);

  it("shows a huge line clipped, with its length", async () => {
    const r = await runHarness({ workload: "echo", bin: "test/fixtures/echo/huge-output.mjs", binArgs: ["junk-before-init"], nodeCount: 1 });
    expect(r.exitCode, r.output).toBe(255);
    expect(r.crash).toMatch(/line: x{300}… \(600000 bytes\)/);
    expect(r.crash!.length).toBeLessThan(3_000);
    expect(r.output.length).toBeLessThan(10_000);
  });
});
