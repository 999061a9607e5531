import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Node } from "../../lib/index.js";
import { loadNodeProgram } from "../../lib/runtime/node-program.js";
import { ROOT } from "../helpers/run-harness.js";
import { simRun } from "../helpers/sim-run.js";

// nodes/unique-ids.ts and its faulty fixture on the simulation host, under Maelstrom's unique-ids workload
// (Jepsen's unique-ids checker), with and without partitions, and under kills (ours), which restart a node empty.

const bin = "nodes/unique-ids.ts";
const install = await loadNodeProgram(join(ROOT, bin));
const FIXTURE = "test/fixtures/nodes/colliding-ids.ts";
const colliding = await loadNodeProgram(join(ROOT, FIXTURE));
const NO_INCARNATION = "test/fixtures/nodes/no-incarnation-ids.ts";
const noIncarnation = await loadNodeProgram(join(ROOT, NO_INCARNATION));

type Op = { process: number | string; type: string; f: string; value: unknown };
const history = (r: Awaited<ReturnType<typeof simRun>>): Op[] => r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Op);
const restarts = (ops: Op[]) => ops.filter((o) => o.process === "nemesis" && o.f === "start" && typeof o.value === "object" && o.value !== null).flatMap((o) => Object.keys(o.value as object));

describe("nodes/unique-ids.ts under the unique-ids workload", () => {
  it.each([[[]], [["partition"]]] as const)("is valid with no id twice (5 nodes, 10 s, --rate 50, --nemesis %j)", async (nemesis) => {
    const r = await simRun({ workloadName: "unique-ids", install, bin, nodeCount: 5, rate: 50, timeLimit: 10, nemesis: [...nemesis], nemesisInterval: 2, seed: 3 });
    const label = `seed 3, store ${r.dir}\n${r.output}`;
    expect(r.exitCode, label).toBe(0);
    const w = r.file("results.json").workload;
    expect(w, label).toMatchObject({ "valid?": true, "duplicated-count": 0, duplicated: [] });
    expect(w["acknowledged-count"]).toBeGreaterThan(300);
    expect(w["attempted-count"]).toBe(w["acknowledged-count"]); // nothing needs the network: every request is answered
    if (nemesis.length > 0) expect(history(r).some((o) => o.f === "start-partition")).toBe(true);
    // Ids of every node: "<node>-<incarnation>-<counter>".
    const ids = history(r).filter((o) => o.type === "ok").map((o) => o.value as string);
    expect(new Set(ids.map((id) => id.split("-")[0]))).toEqual(new Set(["n0", "n1", "n2", "n3", "n4"]));
  });

  // --nemesis-interval 3: a node is down 3 s, then up 3 s, so a thread that waited out its 5 s timeout on a dead
  // node finds it restarted (with 1 s, threads pinned to the killed nodes spent most of the run timing out).
  it("is valid under --nemesis kill: a restarted node starts its counter over under a new incarnation", async () => {
    const r = await simRun({ workloadName: "unique-ids", install, bin, nodeCount: 3, rate: 50, timeLimit: 20, nemesis: ["kill"], nemesisTargets: ["one"], nemesisInterval: 3, seed: 5 });
    const label = `seed 5, store ${r.dir}\n${r.output}`;
    expect(r.exitCode, label).toBe(0);
    expect(r.file("results.json").workload["duplicated-count"], label).toBe(0);
    const ops = history(r);
    expect(restarts(ops).length, "nodes were killed and started again").toBeGreaterThanOrEqual(3);
    const ids = ops.filter((o) => o.type === "ok").map((o) => o.value as string);
    const incarnations = new Set(ids.map((id) => id.split("-").slice(0, 2).join("-")));
    expect(incarnations.size, "more instances than nodes answered").toBeGreaterThan(3);
    expect(ids.filter((id) => id.endsWith("-0")).length, "counters started over").toBe(incarnations.size);
  });

  // The control for the test above: the same ids without the incarnation repeat once a node restarts.
  it(`without the incarnation (${NO_INCARNATION}: node id + counter), a kill makes a restarted node hand out its ids again`, async () => {
    const r = await simRun({ workloadName: "unique-ids", install: noIncarnation, bin: NO_INCARNATION, nodeCount: 3, rate: 50, timeLimit: 20, nemesis: ["kill"], nemesisTargets: ["one"], nemesisInterval: 3, seed: 5 });
    expect(r.exitCode, r.output).toBe(1);
    const w = r.file("results.json").workload;
    expect(w["duplicated-count"]).toBeGreaterThan(0);
    expect((w.duplicated as Array<[string, number]>).every(([id]) => /^n\d-\d+$/.test(id))).toBe(true);
  });
});

describe(`${FIXTURE} (a bare counter on every node)`, () => {
  it.each([[[]], [["partition"]]] as const)("is invalid: the same ids come from each node (3 nodes, --nemesis %j)", async (nemesis) => {
    const r = await simRun({ workloadName: "unique-ids", install: colliding, bin: FIXTURE, nodeCount: 3, rate: 30, timeLimit: 5, nemesis: [...nemesis], seed: 3 });
    expect(r.exitCode, r.output).toBe(1);
    const w = r.file("results.json").workload;
    expect(w["valid?"]).toBe(false);
    expect(w["duplicated-count"]).toBeGreaterThan(10);
    // Each id up to what the slowest node reached came from all 3 nodes.
    expect((w.duplicated as Array<[number, number]>).every(([id, n]) => Number.isInteger(id) && n === 3), JSON.stringify(w.duplicated)).toBe(true);
    expect(w.range[0]).toBe(0);
  });
});

describe("nodes/unique-ids.ts arguments", () => {
  it("takes none", () => {
    expect(() => install(new Node(), [])).not.toThrow();
    expect(() => install(new Node(), ["--foo"])).toThrow(/unexpected argument\(s\) "--foo"/);
  });
});
