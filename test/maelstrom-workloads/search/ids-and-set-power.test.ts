import { searchWithDefaults } from "../../helpers/search-power.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadNodeProgram } from "../../../lib/runtime/node-program.js";
import { describeSchedule } from "../../../maelstrom-workloads/nemesis/describe-fault.js";
import { type FaultKind, SCHEDULE_VERSION } from "../../../maelstrom-workloads/nemesis/fault-schedule.js";
import type { Workload } from "../../../maelstrom-workloads/options/option-table.js";
import { testOptions } from "../../../maelstrom-workloads/options/test-options.js";
import { runCase, type SearchRunSpec } from "../../../maelstrom-workloads/sim/search/run-case.js";
import { ROOT } from "../../helpers/run-harness.js";

// The fault search's power on the unique-ids and g-set workloads: within the default budget, with seed 1, it
// catches each faulty fixture, and the example node survives the schedule the fixture failed on (same run seed),
// so what was caught is the fixture's fault. colliding-ids and unshared-set fail with no fault at all: the search's
// first case catches them, its schedule shrinks to one short fault (a case has at least one), and the same run
// seed with no fault fails too. no-incarnation-ids fails only when a node restarts: the search must find a kill.
// Small settings, to keep each search a few seconds: 5 nodes, --rate 10, --time-limit 10, 2 workers.

const stores: string[] = [];
afterAll(() => stores.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function power(workload: Workload, bin: string, kinds: FaultKind[]) {
  const storeDir = mkdtempSync(join(tmpdir(), "ids-set-power-"));
  stores.push(storeDir);
  const spec: SearchRunSpec = { options: testOptions({ workload, bin, nodeCount: 5, timeLimit: 10, rate: 10, storeDir }), argv: [] };
  const r = await searchWithDefaults(spec, bin, { kinds, timeLimitMs: 10_000 });
  {
    expect(r.finding, `${bin}: nothing found in ${r.runs} runs`).toBeDefined();
    const f = r.finding!;
    const label = `${workload}, ${bin}: found at case ${f.caseNumber} after ${r.runs} runs, shrunk in ${r.shrinkRuns} runs to (run seed ${f.runSeed}):\n  ${describeSchedule(f.shrunk.schedule).join("\n  ") || "(no faults)"}\n  ${f.shrunk.result.why}`;
    console.log(label);
    expect(f.shrunk.result.exitCode, label).toBe(1);
    expect(f.shrunk.result.why, label).toMatch(/^workload invalid/);
    return { f, spec, storeDir, label };
  }
}

/** The fixture on the finding's run seed with no fault at all: its exit code and why. */
async function withoutFaults(spec: SearchRunSpec, bin: string, f: Awaited<ReturnType<typeof power>>["f"], storeDir: string) {
  return runCase(spec, await loadNodeProgram(join(ROOT, bin)), { id: 0, runSeed: f.runSeed, schedule: { version: SCHEDULE_VERSION, faults: [] } }, storeDir);
}

/** The example node on the fixture's original (unshrunk) schedule and run seed: its exit code and why. */
async function control(spec: SearchRunSpec, bin: string, f: Awaited<ReturnType<typeof power>>["f"], storeDir: string) {
  return runCase(spec, await loadNodeProgram(join(ROOT, bin)), { id: 0, runSeed: f.runSeed, schedule: f.original.schedule }, storeDir);
}

describe("the fault search catches the unique-ids and g-set fixtures (default budget, seed 1)", () => {
  it("colliding-ids (a bare counter on every node), every fault kind: at the first case, invalid without faults too", { timeout: 60_000 }, async () => {
    const bin = "test/fixtures/nodes/colliding-ids.ts";
    const { f, spec, storeDir, label } = await power("unique-ids", bin, ["partition", "kill", "pause", "loss"]);
    expect(f.caseNumber, label).toBe(0);
    expect(f.shrunk.schedule.faults, label).toHaveLength(1);
    expect((await withoutFaults(spec, bin, f, storeDir)).exitCode, label).toBe(1);
    const real = await control(spec, "nodes/unique-ids.ts", f, storeDir);
    expect(real.exitCode, `nodes/unique-ids.ts on the same schedule: ${real.why}\n${label}`).toBe(0);
  });

  it("no-incarnation-ids (node id + counter), every fault kind: shrunk to kills", { timeout: 60_000 }, async () => {
    const { f, spec, storeDir, label } = await power("unique-ids", "test/fixtures/nodes/no-incarnation-ids.ts", ["partition", "kill", "pause", "loss"]);
    expect(f.shrunk.schedule.faults.length, label).toBeGreaterThanOrEqual(1);
    expect(f.shrunk.schedule.faults.length, label).toBeLessThanOrEqual(3);
    expect(f.shrunk.schedule.faults.every((x) => x.kind === "kill"), label).toBe(true);
    const real = await control(spec, "nodes/unique-ids.ts", f, storeDir);
    expect(real.exitCode, `nodes/unique-ids.ts on the same schedule: ${real.why}\n${label}`).toBe(0);
  });

  it("unshared-set (each node keeps its own adds), network faults: at the first case, invalid without faults too", { timeout: 60_000 }, async () => {
    const bin = "test/fixtures/nodes/unshared-set.ts";
    const { f, spec, storeDir, label } = await power("g-set", bin, ["partition", "pause", "loss"]);
    expect(f.caseNumber, label).toBe(0);
    expect(f.shrunk.schedule.faults, label).toHaveLength(1);
    expect((await withoutFaults(spec, bin, f, storeDir)).exitCode, label).toBe(1);
    expect(f.shrunk.result.why, label).toMatch(/lost/);
    const real = await control(spec, "nodes/g-set.ts", f, storeDir);
    expect(real.exitCode, `nodes/g-set.ts on the same schedule: ${real.why}\n${label}`).toBe(0);
  });
});
