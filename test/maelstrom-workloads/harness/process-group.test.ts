import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { recordedPids, survivors } from "../../helpers/leftover-processes.js";
import { runHarness } from "../../helpers/run-harness.js";

it("ends each node's whole process group at teardown: a --bin shell script without exec, its background child and its node all go", async () => {
  const pids = mkdtempSync(join(tmpdir(), "pids-"));
  const run = await runHarness({ workload: "echo", bin: "test/fixtures/harness/wrapped-echo.sh", binArgs: [pids], nodeCount: 2, timeLimit: 0.5, rate: 20 });
  expect(run.exitCode, run.output).toBe(0);
  const started = recordedPids(pids);
  expect(started).toHaveLength(6); // per node: the shell, its background sleep, the node it did not exec
  expect(await survivors(started), run.label).toEqual([]);
});
