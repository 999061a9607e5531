import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadNodeProgram } from "../../lib/runtime/node-program.js";
import { ROOT } from "../helpers/run-harness.js";
import { simRun } from "../helpers/sim-run.js";

// The counter nodes on the simulation host: nodes/g-counter.ts (on seq-kv) and
// nodes/pn-counter.ts (a gossiped CRDT) under Maelstrom's g-counter and
// pn-counter workloads, with and without faults, and the faulty fixture
// test/fixtures/nodes/unshared-counter.ts (each node counts only its own adds),
// which both workloads must reject. 5 nodes, --rate 20, 10 s.

type Op = { process: number | string; type: string; f: string; value: unknown; final?: boolean };
const history = (r: Awaited<ReturnType<typeof simRun>>): Op[] => r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Op);

const programs = {
  "nodes/g-counter.ts": await loadNodeProgram(join(ROOT, "nodes/g-counter.ts")),
  "nodes/pn-counter.ts": await loadNodeProgram(join(ROOT, "nodes/pn-counter.ts")),
  "test/fixtures/nodes/unshared-counter.ts": await loadNodeProgram(join(ROOT, "test/fixtures/nodes/unshared-counter.ts")),
  "test/fixtures/nodes/no-sync-g-counter.ts": await loadNodeProgram(join(ROOT, "test/fixtures/nodes/no-sync-g-counter.ts")),
};
type Bin = keyof typeof programs;

async function run(workloadName: "g-counter" | "pn-counter", bin: Bin, nemesis: string[], seed: number, rate = 20) {
  const r = await simRun({ workloadName, install: programs[bin], bin, nodeCount: 5, rate, timeLimit: 10, nemesis: nemesis as never, nemesisInterval: 2, seed });
  const ops = history(r);
  const label = `${bin} under ${workloadName}, --nemesis ${nemesis.join(",") || "none"}, seed ${seed}, store ${r.dir}\n${r.output}`;
  return { r, ops, label, w: r.file("results.json").workload };
}

describe("the example counter nodes are valid on the simulator", () => {
  it.each([
    ["g-counter", "nodes/g-counter.ts", []],
    ["g-counter", "nodes/g-counter.ts", ["partition"]],
    ["g-counter", "nodes/g-counter.ts", ["kill"]],
    ["pn-counter", "nodes/pn-counter.ts", []],
    ["pn-counter", "nodes/pn-counter.ts", ["partition"]],
    ["g-counter", "nodes/pn-counter.ts", ["partition"]],
  ] as const)("%s: %s with --nemesis %j, every final read in the acceptable set", async (workload, bin, faults) => {
    const nemesis: readonly string[] = faults;
    const { r, ops, label, w } = await run(workload, bin, [...nemesis], 5);
    expect(r.exitCode, label).toBe(0);
    expect(w["valid?"], label).toBe(true);
    expect(w["final-reads"], label).toHaveLength(5); // every thread's final read succeeded, and was judged
    expect(ops.filter((o) => o.f === "add" && o.type === "ok").length, label).toBeGreaterThan(30);
    if (workload === "pn-counter") expect(ops.some((o) => o.f === "add" && o.type === "ok" && (o.value as number) < 0)).toBe(true);
    if (nemesis.length > 0) expect(ops.some((o) => o.process === "nemesis" && o.f === (nemesis[0] === "partition" ? "start-partition" : "kill")), label).toBe(true);
    if (nemesis[0] === "kill") {
      // nodes were killed while serving: some adds are indeterminate, and the nodes still agree afterwards
      expect(ops.filter((o) => o.process === "nemesis" && o.f === "kill").length, label).toBeGreaterThanOrEqual(2);
      expect(new Set(w["final-reads"]).size, label).toBe(1);
    }
  });
});

describe("the unshared counter (each node reads only its own adds) is invalid", () => {
  it.each([
    ["g-counter", []],
    ["g-counter", ["partition"]],
    ["pn-counter", []],
    ["pn-counter", ["partition"]],
  ] as const)("under %s with --nemesis %j: final reads outside the acceptable set", async (workload, nemesis) => {
    const { r, label, w } = await run(workload, "test/fixtures/nodes/unshared-counter.ts", [...nemesis], 5);
    expect(r.exitCode, label).toBe(1);
    expect(w["valid?"], label).toBe(false);
    expect((w.errors as Op[]).length, label).toBeGreaterThanOrEqual(4);
    const acceptable = w.acceptable as Array<[number, number]>;
    for (const e of w.errors as Op[]) expect(acceptable.some(([lo, hi]) => (e.value as number) >= lo && (e.value as number) <= hi), label).toBe(false);
    expect(acceptable.some(([lo, hi]) => lo > 0 || hi < 0), label).toBe(true); // a run with adds: the total is not 0
  });
});

// seq-kv's stale reads are real: without the write that brings a node to the newest state before it reads,
// a final read can miss acknowledged adds. Not on every run (seeds 2 and 9 of 1..10 at --rate 50, no faults);
// the node with the write is valid on the same seeds.
describe("the g-counter node's sync write before a read is what makes it correct on seq-kv", () => {
  it.each([2, 9])("without it a final read is stale on seed %i (--rate 50); with it, valid", async (seed) => {
    const stale = await run("g-counter", "test/fixtures/nodes/no-sync-g-counter.ts", [], seed, 50);
    expect(stale.r.exitCode, stale.label).toBe(1);
    const [[, hi]] = stale.w.acceptable as [[number, number]];
    for (const e of stale.w.errors as Op[]) expect(e.value as number, stale.label).toBeLessThan(hi); // it missed adds: an old state
    const real = await run("g-counter", "nodes/g-counter.ts", [], seed, 50);
    expect(real.r.exitCode, real.label).toBe(0);
  });
});

describe("nodes/g-counter.ts under long latencies", () => {
  it("answers every add before the client's 5 s timeout (gives up on CAS contention with error 11), so no reply goes to a closed client and no node's output stops being routed", async () => {
    // 50 client threads on 5 nodes contend for each node's own key; with exponential latency of mean 200 ms,
    // an add retrying its CAS on 22 without a deadline outlasted the client's timeout (seed 1: 2 nodes' output stopped).
    const r = await simRun({ workloadName: "g-counter", install: programs["nodes/g-counter.ts"], bin: "nodes/g-counter.ts", nodeCount: 5, concurrency: 50, rate: 200, timeLimit: 8, latency: { mean: 200, dist: "exponential" }, nemesis: ["kill", "partition"] as never, nemesisInterval: 2, seed: 1 });
    const label = `store ${r.dir}\n${r.output}`;
    const results = r.file("results.json");
    expect(results.harness["output-stopped"] ?? [], label).toEqual([]);
    expect(results.workload["valid?"], label).toBe(true);
    const gaveUp = history(r).filter((o) => o.f === "add" && o.type === "info" && JSON.stringify((o as { error?: unknown }).error ?? "").includes("temporarily-unavailable"));
    expect(gaveUp.length, `some adds gave up with error 11: ${label}`).toBeGreaterThan(0);
  });
});
