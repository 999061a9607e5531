import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { recordedPids, survivors } from "../../helpers/leftover-processes.js";
import { runHarness } from "../../helpers/run-harness.js";

it("a failure between the final ops and the kill still kills every node, and test.json says the run crashed", async () => {
  const pids = mkdtempSync(join(tmpdir(), "pids-"));
  const run = await runHarness(
    { workload: "echo", bin: "test/fixtures/harness/wrapped-echo.sh", binArgs: [pids], nodeCount: 2, timeLimit: 0.5, rate: 20 },
    {
      beforeKill: async () => {
        throw new Error("the disk is full");
      },
    },
  );
  expect(run.exitCode, run.output).toBe(255);
  expect(run.crash).toContain("the disk is full");
  const test = run.file("test.json");
  expect(test.status).toBe("crashed");
  expect(test["exit-code"]).toBe(255);
  expect(existsSync(join(run.dir, "history.jsonl"))).toBe(true);
  const started = recordedPids(pids);
  expect(started).toHaveLength(6);
  expect(await survivors(started), run.label).toEqual([]);
});
