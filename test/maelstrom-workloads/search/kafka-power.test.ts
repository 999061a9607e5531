import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadNodeProgram } from "../../../lib/runtime/node-program.js";
import { describeSchedule } from "../../../maelstrom-workloads/nemesis/describe-fault.js";
import { testOptions } from "../../../maelstrom-workloads/options/test-options.js";
import { runCase, type SearchRunSpec } from "../../../maelstrom-workloads/sim/search/run-case.js";
import { ROOT } from "../../helpers/run-harness.js";
import { searchWithDefaults } from "../../helpers/search-power.js";

// The fault search on kafka catches test/fixtures/nodes/kafka-reordered-offset.ts,
// which is correct until n0 is killed (its logs live in n0's memory; started
// again, it hands out offsets from 0). The search must find a schedule with a
// kill, shrink it, and nodes/kafka.ts must survive the shrunk schedule.

const FIXTURE = "test/fixtures/nodes/kafka-reordered-offset.ts";
const stores: string[] = [];
afterAll(() => stores.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the fault search catches the kafka node that loses its logs when killed", () => {
  it("kafka-reordered-offset (2 nodes, --rate 100, 10 s, partitions and kills of one node)", { timeout: 120_000 }, async () => {
    const storeDir = mkdtempSync(join(tmpdir(), "kafka-power-"));
    stores.push(storeDir);
    const spec: SearchRunSpec = { options: testOptions({ workload: "kafka", bin: FIXTURE, nodeCount: 2, concurrency: "2n", timeLimit: 10, rate: 100, nemesisTargets: ["one"], storeDir }), argv: [] };
    const r = await searchWithDefaults(spec, FIXTURE, { kinds: ["partition", "kill"], timeLimitMs: 10_000 });
    expect(r.finding, `nothing found in ${r.runs} runs`).toBeDefined();
    const f = r.finding!;
    const label = `found at case ${f.caseNumber} after ${r.runs} runs, shrunk in ${r.shrinkRuns} runs to (run seed ${f.runSeed}):\n  ${describeSchedule(f.shrunk.schedule).join("\n  ")}\n  ${f.shrunk.result.why}`;
    console.log(label);
    expect(f.shrunk.result.exitCode, label).toBe(1);
    expect(f.shrunk.result.why, label).toMatch(/^workload invalid/);
    expect(f.shrunk.schedule.faults.some((x) => x.kind === "kill"), label).toBe(true);
    const real = await runCase({ ...spec, options: { ...spec.options, bin: "nodes/kafka.ts" } }, await loadNodeProgram(join(ROOT, "nodes/kafka.ts")), { id: 0, runSeed: f.runSeed, schedule: f.shrunk.schedule }, storeDir);
    expect(real.exitCode, `nodes/kafka.ts on the shrunk schedule: ${real.why}\n${label}`).toBe(0);
  });
});
