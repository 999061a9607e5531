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
import { searchWithDefaults } from "../../helpers/search-power.js";

// The fault search on txn-rw-register (default budget, seed 1) under
// --consistency-models read-committed: it catches test/fixtures/nodes/txn-aborted-read.ts,
// which is read committed until a peer fails to acknowledge a transaction's
// writes in time; then it answers error 30 but keeps the writes, and later
// reads see them (G1a). So the shrunk schedule needs at least one fault, and
// nodes/txn-rw-register.ts (which never aborts) passes the same schedule.
// Settings: 2 nodes, --concurrency 2n, --rate 50, --latency 5, 10 s, 2 workers.

const FIXTURE = "test/fixtures/nodes/txn-aborted-read.ts";
const KINDS: FaultKind[] = ["partition", "pause", "loss"];
const stores: string[] = [];
afterAll(() => stores.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the fault search catches the txn node whose aborts keep their writes (default budget, seed 1)", () => {
  it("finds G1a with at least one fault, and nodes/txn-rw-register.ts survives the shrunk schedule", { timeout: 120_000 }, async () => {
    const storeDir = mkdtempSync(join(tmpdir(), "txn-power-"));
    stores.push(storeDir);
    const options = testOptions({ workload: "txn-rw-register", bin: FIXTURE, nodeCount: 2, concurrency: "2n", timeLimit: 10, rate: 50, latency: 5, consistencyModels: ["read-committed"], storeDir });
    const spec: SearchRunSpec = { options, argv: [] };
    const r = await searchWithDefaults(spec, FIXTURE, { kinds: KINDS, timeLimitMs: 10_000 });
    expect(r.finding, `nothing found in ${r.runs} runs`).toBeDefined();
    const found = r.finding!;
    const shrunk = found.shrunk.schedule;
    const label = `found at case ${found.caseNumber} of ${r.runs}, shrunk to (run seed ${found.runSeed}):\n  ${describeSchedule(shrunk).join("\n  ") || "(no faults)"}\n  ${found.shrunk.result.why}`;
    console.log(label);
    expect(found.shrunk.result.exitCode, label).toBe(1);
    expect(found.shrunk.result.why, label).toMatch(/workload invalid/);
    expect(shrunk.faults.length, label).toBeGreaterThanOrEqual(1);
    expect(shrunk.faults.length, label).toBeLessThanOrEqual(3);
    const real = await runCase({ ...spec, options: { ...options, bin: "nodes/txn-rw-register.ts" } }, await loadNodeProgram(join(ROOT, "nodes/txn-rw-register.ts")), { id: 0, runSeed: found.runSeed, schedule: shrunk }, storeDir);
    expect(real.exitCode, `${label}\nnodes/txn-rw-register.ts: ${real.why}`).toBe(0);
  });
});
