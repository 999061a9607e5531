import { describe, expect, it } from "vitest";
import { loadNodeProgram } from "../../../lib/runtime/node-program.js";
import { installBroadcastProgram, simRun } from "../../helpers/sim-run.js";

// Whole runs of the broadcast node under the kill nemesis, on the simulation
// host: killed nodes come back empty (a new instance, a fresh init and
// topology), and the final phase restarts every one before the final reads.

const fixture = "test/fixtures/nodes/no-restart-handling.ts";
const installFixture = await loadNodeProgram(fixture);

type Op = { process: number | string; type: string; f: string; value: unknown; final?: boolean };
const history = (r: Awaited<ReturnType<typeof simRun>>): Op[] => r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Op);
const restarts = (ops: Op[]) => ops.filter((o) => o.process === "nemesis" && o.f === "start" && typeof o.value === "object" && o.value !== null).flatMap((o) => Object.keys(o.value as object));
/** Per final read, the acknowledged values it misses. */
function missedByFinalReads(ops: Op[]): number[][] {
  const acked = ops.filter((o) => o.f === "broadcast" && o.type === "ok").map((o) => o.value as number);
  return ops.filter((o) => o.final === true && o.f === "read" && o.type === "ok").map((o) => acked.filter((v) => !(o.value as number[]).includes(v)));
}

describe("the broadcast node under --nemesis kill --nemesis-targets one (5 nodes, --rate 10, 20 s, --nemesis-interval 3)", () => {
  const settings = { workloadName: "broadcast", nodeCount: 5, rate: 10, timeLimit: 20, nemesis: ["kill"], nemesisTargets: ["one"], nemesisInterval: 3 };

  it.each([1, 7])("is valid, and every final read holds every acknowledged value; the fixture without restart handling is not (seed %i)", async (seed) => {
    const real = await simRun({ ...settings, install: installBroadcastProgram, bin: "nodes/broadcast.ts", seed });
    const label = `nodes/broadcast.ts, seed ${seed}, store ${real.dir}\n${real.output}`;
    expect(real.exitCode, label).toBe(0);
    expect(real.file("results.json").workload["lost-count"]).toBe(0);
    const ops = history(real);
    expect(restarts(ops).length, "nodes were killed and started again").toBeGreaterThanOrEqual(3);
    const missed = missedByFinalReads(ops);
    expect(missed).toHaveLength(5);
    for (const m of missed) expect(m, label).toEqual([]);

    // The same run of the fixture: a restarted node never gets back what it held.
    const broken = await simRun({ ...settings, install: installFixture, bin: fixture, seed });
    expect(broken.exitCode, `${fixture}, seed ${seed}\n${broken.output}`).toBe(1);
    expect(broken.file("results.json").workload["lost-count"]).toBeGreaterThan(0);
    expect(missedByFinalReads(history(broken)).some((m) => m.length > 0)).toBe(true);
  });
});

describe("durable under --nemesis kill,partition --nemesis-targets one (5 nodes, --rate 10, 20 s, --nemesis-interval 2, --latency 50)", () => {
  const settings = { workloadName: "broadcast", nodeCount: 5, rate: 10, timeLimit: 20, nemesis: ["kill", "partition"], nemesisTargets: ["one"], nemesisInterval: 2, latency: { mean: 50, dist: "exponential" as const } };

  it.each([12, 13])("loses nothing, where frugal loses values only a killed node held (seed %i)", async (seed) => {
    const durable = await simRun({ ...settings, install: installBroadcastProgram, bin: "nodes/broadcast.ts", binArgs: ["durable"], seed });
    const label = `nodes/broadcast.ts durable, seed ${seed}, store ${durable.dir}\n${durable.output}`;
    expect(durable.exitCode, label).toBe(0);
    const w = durable.file("results.json").workload;
    expect(w["lost-count"], label).toBe(0);
    expect(w["attempt-count"]).toBeGreaterThan(50);
    const ops = history(durable);
    expect(restarts(ops).length).toBeGreaterThanOrEqual(2);
    expect(ops.some((o) => o.process === "nemesis" && o.f === "start-partition")).toBe(true);
    for (const m of missedByFinalReads(ops)) expect(m, label).toEqual([]);

    // The control: the same faults lose frugal some acknowledged values (as its documentation allows).
    const frugal = await simRun({ ...settings, install: installBroadcastProgram, bin: "nodes/broadcast.ts", binArgs: ["frugal"], seed });
    expect(frugal.file("results.json").workload["lost-count"]).toBeGreaterThan(0);
  });
});
