import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import dropsGossip from "../../fixtures/nodes/drops-gossip.js";
import { installBroadcastProgram, installEcho, simRun } from "../../helpers/sim-run.js";

describe("the simulation host runs the harness's workloads on virtual time", () => {
  it("passes echo, with the process host's store layout and results", async () => {
    const r = await simRun({ workloadName: "echo", install: installEcho, timeLimit: 10 });
    expect(r.exitCode, r.output).toBe(0);
    const res = r.file("results.json");
    expect(Object.keys(res).sort()).toEqual(["availability", "exceptions", "harness", "net", "stats", "valid?", "workload"]);
    expect(res.stats["ok-count"]).toBeGreaterThan(50);
    expect(res.net.clients["msg-count"]).toBe(2 * res.stats.count + 2 * 3);
    for (const f of ["history.jsonl", "history.txt", "journal.jsonl", "run.log", "node-logs/n2.log"]) expect(existsSync(join(r.dir, f)), f).toBe(true);
    expect(r.file("test.json")).toMatchObject({ workload: "echo", seed: 7, status: "done", "exit-code": 0, crash: null });
    expect(r.output).toMatch(/seed 7 \(repeat this run exactly with --seed 7\)/);
    expect(r.output).toMatch(/Everything looks good!/);
    // Virtual time: the main phase is exactly the time limit, the last op before 10 s.
    const ops = r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l));
    expect(ops.at(-1).time).toBeLessThan(10e9 + 5e9);
    expect(r.simulatedMs).toBeGreaterThan(9_000);
    expect(r.simulatedMs).toBeLessThan(15_000);
  });

  it("passes nodes/broadcast.ts under --nemesis partition, with latency", async () => {
    const r = await simRun({ workloadName: "broadcast", install: installBroadcastProgram, nodeCount: 5, rate: 20, timeLimit: 20, latency: { mean: 100, dist: "exponential" }, nemesis: ["partition"], nemesisInterval: 3, seed: 3 });
    expect(r.exitCode, r.output).toBe(0);
    const res = r.file("results.json");
    expect(res.workload["lost-count"]).toBe(0);
    expect(res.workload["attempt-count"]).toBeGreaterThan(100);
    expect(res.workload["stable-count"]).toBe(res.workload["attempt-count"]);
    const ops = r.text("history.jsonl");
    expect(ops).toMatch(/"start-partition"/);
    expect(res.net.servers["msg-count"]).toBeGreaterThan(0);
  });

  it("fails a broadcast program that drops gossip: values are lost", async () => {
    const r = await simRun({ workloadName: "broadcast", install: dropsGossip, nodeCount: 3, rate: 20, timeLimit: 5 });
    expect(r.exitCode, r.output).toBe(1);
    expect(r.file("results.json").workload["lost-count"]).toBeGreaterThan(0);
    expect(r.output).toMatch(/Analysis invalid!/);
  });

  it("crashes (255) when a program cannot install, naming the node and why", async () => {
    const r = await simRun({ workloadName: "broadcast", install: installBroadcastProgram, binArgs: ["--period", "-5"], timeLimit: 1 });
    expect(r.exitCode).toBe(255);
    expect(r.crash).toMatch(/node n0 did not answer init: its program's install threw: nodes\/broadcast\.ts refused its arguments \["--period","-5"\] \(as a process it would exit 2\): broadcast: --period: /);
    expect(r.file("test.json")).toMatchObject({ status: "crashed", "exit-code": 255 });
  });
});

describe("same seed, same bytes", () => {
  const cases = [
    { name: "echo", run: (seed: number) => simRun({ workloadName: "echo", install: installEcho, timeLimit: 5, latency: { mean: 10, dist: "uniform" }, seed }) },
    { name: "broadcast", run: (seed: number) => simRun({ workloadName: "broadcast", install: installBroadcastProgram, nodeCount: 5, rate: 30, timeLimit: 8, latency: { mean: 50, dist: "exponential" }, nemesis: ["partition"], nemesisInterval: 2, seed }) },
  ];
  for (const c of cases) {
    it(`${c.name}: history.jsonl and journal.jsonl are byte-identical for one seed, and differ for another`, async () => {
      const [a, b, other] = [await c.run(11), await c.run(11), await c.run(12)];
      expect(a.exitCode, a.output).toBe(0);
      expect(a.text("history.jsonl").length).toBeGreaterThan(1000);
      expect(b.text("history.jsonl")).toBe(a.text("history.jsonl"));
      expect(b.text("journal.jsonl")).toBe(a.text("journal.jsonl"));
      expect(other.text("journal.jsonl")).not.toBe(a.text("journal.jsonl"));
    });
  }

  it("two runs in one process interleaved share no state: each gives what it gives alone", async () => {
    const alone = await cases[1]!.run(21);
    const aloneEcho = await cases[0]!.run(22);
    const [together, togetherEcho] = await Promise.all([cases[1]!.run(21), cases[0]!.run(22)]);
    expect(together.text("history.jsonl")).toBe(alone.text("history.jsonl"));
    expect(together.text("journal.jsonl")).toBe(alone.text("journal.jsonl"));
    expect(togetherEcho.text("journal.jsonl")).toBe(aloneEcho.text("journal.jsonl"));
  });
});
