import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeSchedule } from "../../../maelstrom-workloads/nemesis/describe-fault.js";
import type { FaultKind } from "../../../maelstrom-workloads/nemesis/fault-schedule.js";
import { testOptions } from "../../../maelstrom-workloads/options/test-options.js";
import { WorkerPool } from "../../../maelstrom-workloads/sim/search/case-runners.js";
import type { SearchRunSpec } from "../../../maelstrom-workloads/sim/search/run-case.js";
import { scheduleArbitrary } from "../../../maelstrom-workloads/sim/search/schedule-arbitrary.js";
import { SEARCH_DEFAULTS, search } from "../../../maelstrom-workloads/sim/search/search.js";
import { ROOT } from "../../helpers/run-harness.js";

// The fault search's power on the membership workload, as issue 11 asks: within
// the default budget, with a fixed seed and no --loss, it catches both bundled
// bad nodes: never-dead with kills (a kill long enough goes undetected), and
// one-miss-dead with pauses and loss faults (a node it once missed stays dead
// to it). Settings: 5 nodes, --rate 20, --time-limit 30, 2 workers.

const stores: string[] = [];
afterAll(() => stores.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function power(bin: string, kinds: FaultKind[]) {
  const storeDir = mkdtempSync(join(tmpdir(), "membership-power-"));
  stores.push(storeDir);
  const spec: SearchRunSpec = { options: testOptions({ workload: "membership", bin, nodeCount: 5, timeLimit: 30, rate: 20, storeDir }), argv: [] };
  const fit = { nodes: spec.options.nodes, timeLimitMs: 30_000 };
  const pool = new WorkerPool(2, spec, join(ROOT, bin));
  try {
    const r = await search({
      arbitrary: scheduleArbitrary({ ...fit, kinds, targets: ["one", "minority"], maxFaults: SEARCH_DEFAULTS.maxFaults }),
      seed: 1,
      budget: SEARCH_DEFAULTS.budget,
      shard: { index: 1, count: 1 },
      maxShrinkRuns: SEARCH_DEFAULTS.maxShrinkRuns,
      runner: pool,
    });
    expect(r.finding, `${bin}: nothing found in ${r.runs} runs`).toBeDefined();
    const f = r.finding!;
    const label = `${bin}: found at case ${f.caseNumber} after ${r.runs} runs, shrunk to (run seed ${f.runSeed}):\n  ${describeSchedule(f.shrunk.schedule).join("\n  ")}\n  ${f.shrunk.result.why}`;
    console.log(label);
    expect(f.shrunk.result.exitCode, label).toBe(1);
    return { f, label };
  } finally {
    await pool.close();
  }
}

describe("the fault search catches the bundled bad membership nodes (default budget, seed 1)", () => {
  it("never-dead, with kills", { timeout: 120_000 }, async () => {
    const { f, label } = await power("test/fixtures/nodes/never-dead.ts", ["kill"]);
    expect(f.shrunk.schedule.faults.length, label).toBeLessThanOrEqual(3);
  });

  it("one-miss-dead, with pauses and loss", { timeout: 120_000 }, async () => {
    const { f, label } = await power("test/fixtures/nodes/one-miss-dead.ts", ["pause", "loss"]);
    expect(f.shrunk.schedule.faults.length, label).toBeLessThanOrEqual(3);
  });
});
