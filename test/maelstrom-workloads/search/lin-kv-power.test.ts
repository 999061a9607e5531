import { searchWithDefaults } from "../../helpers/search-power.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadNodeProgram } from "../../../lib/runtime/node-program.js";
import { describeSchedule } from "../../../maelstrom-workloads/nemesis/describe-fault.js";
import type { FaultKind } from "../../../maelstrom-workloads/nemesis/fault-schedule.js";
import { testOptions } from "../../../maelstrom-workloads/options/test-options.js";
import { runCase, type SearchRunSpec } from "../../../maelstrom-workloads/sim/search/run-case.js";
import { ROOT } from "../../helpers/run-harness.js";

// The fault search on the lin-kv workload (default budget, seed 1): it catches
// the node that answers reads from a local cache (test/fixtures/nodes/cached-lin-kv.ts).
// That node is wrong without any fault (the other nodes' writes never reach its
// cache), so the shrunk schedule may be empty; the search must still report it,
// and nodes/lin-kv.ts must pass the same schedule on the same run seed.
// Settings: 3 nodes, --concurrency 2n, --rate 10, --time-limit 10, 2 workers.

const FIXTURE = "test/fixtures/nodes/cached-lin-kv.ts";
const KINDS: FaultKind[] = ["partition", "kill", "pause", "loss", "latency"];
const stores: string[] = [];
afterAll(() => stores.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the fault search catches the lin-kv node with a read cache (default budget, seed 1)", () => {
  it("finds it, shrinks the schedule to 3 faults or fewer, and nodes/lin-kv.ts survives that schedule", { timeout: 60_000 }, async () => {
    const storeDir = mkdtempSync(join(tmpdir(), "lin-kv-power-"));
    stores.push(storeDir);
    const spec: SearchRunSpec = { options: testOptions({ workload: "lin-kv", bin: FIXTURE, nodeCount: 3, concurrency: "2n", timeLimit: 10, rate: 10, storeDir }), argv: [] };
    const r = await searchWithDefaults(spec, FIXTURE, { kinds: KINDS, timeLimitMs: 10_000 });
    const runs = r.runs;
    expect(r.finding, `nothing found in ${r.runs} runs`).toBeDefined();
    const found = r.finding!;
    const shrunk = found.shrunk.schedule;
    const label = `found at case ${found.caseNumber} of ${runs}, shrunk to (run seed ${found.runSeed}):\n  ${describeSchedule(shrunk).join("\n  ") || "(no faults)"}\n  ${found.shrunk.result.why}`;
    console.log(label);
    expect(found.shrunk.result.exitCode, label).toBe(1);
    expect(found.shrunk.result.why, label).toMatch(/workload invalid/);
    expect(shrunk.faults.length, label).toBeLessThanOrEqual(3);
    // The thin node, on the same run seed and schedule, is linearizable: the cache is what was caught.
    const real = await runCase({ ...spec, options: { ...spec.options, bin: "nodes/lin-kv.ts" } }, await loadNodeProgram(join(ROOT, "nodes/lin-kv.ts")), { id: 0, runSeed: found.runSeed, schedule: shrunk }, storeDir);
    expect(real.exitCode, `${label}\nnodes/lin-kv.ts: ${real.why}`).toBe(0);
  });
});
