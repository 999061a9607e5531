import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { RealClock } from "../../../lib/runtime/real-clock.js";
import { Network } from "../../../maelstrom-workloads/network/network.js";
import { NodeProcess } from "../../../maelstrom-workloads/harness/node-process.js";
import type { OutputStopped } from "../../../maelstrom-workloads/run/output-stopped.js";
import { KEPT_LINE_CHARS, MAX_LINE_BYTES } from "../../../maelstrom-workloads/run/output-router.js";
import { nodeLogPrefix } from "../../../maelstrom-workloads/run/node-log-stamp.js";
import { ROOT, runHarness } from "../../helpers/run-harness.js";

/** Issue 7, item 19: what the harness stores, shows and holds about a node's output is bounded (the line splitter itself: test/lib/runtime/line-splitter.test.ts). */

describe("node output in a run", () => {
  it("stores a junk line clipped to 1 KB with its length: results.json stays small", async () => {
    const r = await runHarness({ workload: "echo", bin: "test/fixtures/echo/huge-output.mjs", binArgs: ["junk"], nodeCount: 1, timeLimit: 1 });
    const stopped = r.file("results.json").harness["output-stopped"];
    expect(stopped).toEqual([expect.objectContaining({ node: "n0", "line-length": 600_000, reason: expect.stringMatching(/not valid JSON/) })]);
    expect(stopped[0].line.length).toBeLessThan(KEPT_LINE_CHARS + 40);
    expect(stopped[0].line).toMatch(/^junk junk .*… \(600000 bytes\)$/);
    expect(statSync(join(r.dir, "results.json")).size).toBeLessThan(50_000);
    expect(r.output.length).toBeLessThan(20_000);
  });

  it("treats a reply longer than 16 MiB as bad output with a clear reason, and neither routes nor journals it", async () => {
    const r = await runHarness({ workload: "echo", bin: "test/fixtures/echo/huge-output.mjs", binArgs: ["big-reply"], nodeCount: 1, timeLimit: 1 });
    const stopped = r.file("results.json").harness["output-stopped"];
    expect(stopped).toEqual([expect.objectContaining({ node: "n0", reason: expect.stringMatching(/more than the harness takes \(16777216 bytes, 16 MiB; a limit of this harness, Maelstrom has none\)/) })]);
    expect(stopped[0]["line-length"]).toBeGreaterThan(17_000_000);
    expect(stopped[0].line.length).toBeLessThan(KEPT_LINE_CHARS + 40);
    expect(statSync(join(r.dir, "journal.jsonl")).size).toBeLessThan(100_000);
    expect(statSync(join(r.dir, "results.json")).size).toBeLessThan(50_000);
  });

  it("keeps only clipped lines of a node's stdout and stderr", async () => {
    const clock = new RealClock();
    const network = new Network({ clock, latency: () => 0, journal: () => {}, nowNs: () => 0 });
    const stoppedAt: OutputStopped[] = [];
    const logPath = join(mkdtempSync(join(tmpdir(), "output-bounds-")), "n0.log");
    let exited!: () => void;
    const gone = new Promise<void>((r) => (exited = r));
    const p = new NodeProcess({
      id: "n0",
      bin: resolve(ROOT, "test/fixtures/echo/huge-output.mjs"),
      args: ["stderr"],
      network,
      logPath,
      now: () => 0,
      onOutputStopped: (s) => stoppedAt.push(s),
      onExit: () => exited(),
    });
    network.register("n0", p);
    p.start();
    const deadline = Date.now() + 10_000;
    while ((p.lastStderr.length < 2 || stoppedAt.length === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await p.kill();
    void gone;
    expect(stoppedAt).toHaveLength(1);
    expect(stoppedAt[0]!.lineLength).toBe(17_000_000);
    expect(stoppedAt[0]!.reason).toMatch(/17000000 bytes long/);
    expect(MAX_LINE_BYTES).toBe(16 * 1024 * 1024);
    for (const l of [...p.lastStdout, ...p.lastStderr]) expect(l.length).toBeLessThan(KEPT_LINE_CHARS + 40);
    expect(p.lastStderr[0]).toMatch(/^e+… \(2000000 bytes\)$/);
    // Both stderr lines are kept clipped; the log has every byte, each line after its time (now() is 0 here).
    expect(p.lastStderr[1]).toMatch(/^t+… \(3000000 bytes\)$/);
    expect(statSync(logPath).size).toBe(5_000_002 + 2 * nodeLogPrefix(0).length);
  });
});
