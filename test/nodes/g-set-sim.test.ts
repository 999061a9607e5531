import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Node } from "../../lib/index.js";
import { loadNodeProgram } from "../../lib/runtime/node-program.js";
import { ROOT } from "../helpers/run-harness.js";
import { simRun } from "../helpers/sim-run.js";

// nodes/g-set.ts and its faulty fixture on the simulation host, under Maelstrom's g-set workload (set-full on
// adds), with and without partitions, and under kills (ours), which restart a node empty.

const bin = "nodes/g-set.ts";
const install = await loadNodeProgram(join(ROOT, bin));
const FIXTURE = "test/fixtures/nodes/unshared-set.ts";
const unshared = await loadNodeProgram(join(ROOT, FIXTURE));

type Op = { index: number; process: number | string; type: string; f: string; value: unknown; final?: boolean };
const history = (r: Awaited<ReturnType<typeof simRun>>): Op[] => r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Op);
const restarts = (ops: Op[]) => ops.filter((o) => o.process === "nemesis" && o.f === "start" && typeof o.value === "object" && o.value !== null).flatMap((o) => Object.keys(o.value as object));

/** The reads of the final phase: the last read of each client thread (Maelstrom's carry no final flag). */
function finalReads(ops: Op[], threads: number): Op[] {
  const reads = ops.filter((o) => o.f === "read" && o.type === "ok");
  return reads.slice(-threads);
}

describe("nodes/g-set.ts under the g-set workload", () => {
  it.each([[[]], [["partition"]]] as const)("is valid with nothing lost, every final read holding every acknowledged add (5 nodes, 20 s, --nemesis %j)", async (nemesis) => {
    const r = await simRun({ workloadName: "g-set", install, bin, nodeCount: 5, rate: 20, timeLimit: 20, nemesis: [...nemesis], nemesisInterval: 3, seed: 3 });
    const label = `seed 3, store ${r.dir}\n${r.output}`;
    expect(r.exitCode, label).toBe(0);
    const w = r.file("results.json").workload;
    expect(w, label).toMatchObject({ "valid?": true, "lost-count": 0, "never-read-count": 0 });
    expect(w["stable-count"]).toBeGreaterThan(100);
    const ops = history(r);
    if (nemesis.length > 0) expect(ops.filter((o) => o.f === "start-partition").length).toBeGreaterThanOrEqual(2);
    expect(ops.some((o) => o.final !== undefined), "Maelstrom's g-set final reads carry no final flag").toBe(false);
    const acked = ops.filter((o) => o.f === "add" && o.type === "ok").map((o) => o.value);
    const finals = finalReads(ops, 5);
    expect(finals).toHaveLength(5);
    for (const f of finals) expect(acked.filter((v) => !(f.value as unknown[]).includes(v)), label).toEqual([]);
  });

  it("durable is valid under --nemesis kill,partition: a restarted node refills from its peers", async () => {
    const r = await simRun({ workloadName: "g-set", install, bin, binArgs: ["durable"], nodeCount: 5, rate: 20, timeLimit: 20, nemesis: ["kill", "partition"], nemesisTargets: ["one"], nemesisInterval: 3, seed: 12 });
    const label = `seed 12, store ${r.dir}\n${r.output}`;
    expect(r.exitCode, label).toBe(0);
    expect(r.file("results.json").workload["lost-count"], label).toBe(0);
    const ops = history(r);
    expect(restarts(ops).length, "nodes were killed and started again").toBeGreaterThanOrEqual(2);
    const acked = ops.filter((o) => o.f === "add" && o.type === "ok").map((o) => o.value);
    expect(acked.length).toBeGreaterThan(50);
    for (const f of finalReads(ops, 5)) expect(acked.filter((v) => !(f.value as unknown[]).includes(v)), label).toEqual([]);
  });
});

describe(`${FIXTURE} (each node keeps its own adds)`, () => {
  it.each([[[]], [["partition"]]] as const)("is invalid: adds made on one node are lost from the others' final reads (3 nodes, --nemesis %j)", async (nemesis) => {
    const r = await simRun({ workloadName: "g-set", install: unshared, bin: FIXTURE, nodeCount: 3, rate: 20, timeLimit: 5, nemesis: [...nemesis], seed: 3 });
    expect(r.exitCode, r.output).toBe(1);
    const w = r.file("results.json").workload;
    expect(w["valid?"]).toBe(false);
    expect(w["lost-count"]).toBeGreaterThan(10);
    expect(r.output).toMatch(/lost/);
  });
});

describe("nodes/g-set.ts arguments", () => {
  it("takes the broadcast node's settings but refuses --overlay topology (the workload sends none)", () => {
    expect(() => install(new Node(), ["durable", "--overlay", "total"])).not.toThrow();
    expect(() => install(new Node(), ["--overlay", "topology"])).toThrow(/sends no topology/);
    expect(() => install(new Node(), ["--bogus"])).toThrow(/unknown option "--bogus"/);
  });
});
