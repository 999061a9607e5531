import { searchWithDefaults } from "../../helpers/search-power.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadNodeProgram } from "../../../lib/runtime/node-program.js";
import { describeSchedule } from "../../../maelstrom-workloads/nemesis/describe-fault.js";
import { testOptions } from "../../../maelstrom-workloads/options/test-options.js";
import { runCase, type SearchRunSpec } from "../../../maelstrom-workloads/sim/search/run-case.js";
import { ROOT } from "../../helpers/run-harness.js";

// The fault search on the jobs workload, as issue 13 asks: with a fixed seed
// and kills only, it catches test/fixtures/nodes/forgetful-jobs.ts (the
// leader forgets the tasks of a dead worker, which then stay running forever),
// shrinks the schedule, and nodes/job-worker.ts passes the shrunk schedule on
// the same run seed. 5 nodes, --rate 10, --time-limit 10, 2 workers.

const FIXTURE = "test/fixtures/nodes/forgetful-jobs.ts";
const NODE = "nodes/job-worker.ts";
const stores: string[] = [];
afterAll(() => stores.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the fault search catches the forgetful job-worker (default budget, seed 1, kills)", () => {
  it("finds an invalid run, shrinks it, and the real node survives the same schedule", async () => {
    const storeDir = mkdtempSync(join(tmpdir(), "jobs-power-"));
    stores.push(storeDir);
    const spec: SearchRunSpec = { options: testOptions({ workload: "jobs" as never, bin: FIXTURE, nodeCount: 5, timeLimit: 10, rate: 10, storeDir }), argv: [] };
    const r = await searchWithDefaults(spec, FIXTURE, { kinds: ["kill"], timeLimitMs: 10_000 });
    expect(r.finding, `nothing found in ${r.runs} runs`).toBeDefined();
    const f = r.finding!;
    const label = `${FIXTURE}: found at case ${f.caseNumber} after ${r.runs} runs, shrunk in ${r.shrinkRuns} runs to (run seed ${f.runSeed}):\n  ${describeSchedule(f.shrunk.schedule).join("\n  ")}\n  ${f.shrunk.result.why}`;
    console.log(label);
    expect(f.exitCode, label).toBe(1);
    expect(f.shrunk.result.exitCode, label).toBe(1);
    expect(f.shrunk.result.why, label).toMatch(/^workload invalid/);
    expect(f.shrunk.schedule.faults.length, label).toBeLessThanOrEqual(2);
    expect(f.shrunk.schedule.faults.every((x) => x.kind === "kill"), label).toBe(true);
    // What was caught is the forgetting: the real node passes the same faults on the same run seed.
    const real = await runCase({ ...spec, options: { ...spec.options, bin: NODE } }, await loadNodeProgram(join(ROOT, NODE)), { id: 0, runSeed: f.runSeed, schedule: f.shrunk.schedule }, storeDir);
    expect(real.exitCode, `${NODE} on the shrunk schedule: ${real.why}\n${label}`).toBe(0);
  }, 120_000);
});
