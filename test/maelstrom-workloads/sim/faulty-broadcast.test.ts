import { describe, expect, it } from "vitest";
import { loadNodeProgram } from "../../../lib/runtime/node-program.js";
import type { SimConfig } from "../../../maelstrom-workloads/sim/run-sim.js";
import { simRun } from "../../helpers/sim-run.js";

// The project's faulty fixtures (test/fixtures/nodes/), each one file: loaded
// here as programs on the simulation host, and run as processes by
// test/maelstrom-workloads/runs/broadcast-runs.test.ts and echo-runs.test.ts,
// judged alike on both hosts, with the same settings:
// 3 nodes, --rate 10, --time-limit 3, --nemesis-interval 1, 1 s of recovery, seed 7.

/** A run of a fixture program, loaded as `npm run sim` loads --bin. */
async function run(fixture: string, overrides: Partial<SimConfig> = {}) {
  const bin = `test/fixtures/nodes/${fixture}.ts`;
  const install = await loadNodeProgram(bin);
  const r = await simRun({ workloadName: "broadcast", bin, install, timeLimit: 3, recoverySeconds: 1, ...overrides });
  return { ...r, label: `${bin}, seed ${r.cfg.seed}, store ${r.dir}\n${r.output}` };
}

describe("the simulation host judges the faulty broadcast programs as the process host judges their process twins", () => {
  it("finds lost values in a node that never gossips", async () => {
    const r = await run("no-gossip");
    expect(r.exitCode, r.label).toBe(1);
    expect(r.file("results.json").workload["lost-count"]).toBeGreaterThan(0);
    expect(r.output).toMatch(/Analysis invalid!/);
  });

  it("passes a forward-once node without a nemesis", async () => {
    const r = await run("forward-once", { nodes: ["n0", "n1", "n2", "n3", "n4"], concurrency: 5, seed: 3 });
    expect(r.exitCode, r.label).toBe(0);
    expect(r.file("results.json").workload["lost-count"]).toBe(0);
  });

  it("fails the same forward-once node under partitions", async () => {
    const r = await run("forward-once", { nodes: ["n0", "n1", "n2", "n3", "n4"], concurrency: 5, nemesis: ["partition"], seed: 3 });
    expect(r.exitCode, r.label).toBe(1);
    expect(r.file("results.json").workload["lost-count"]).toBeGreaterThan(0);
    expect(r.text("history.jsonl")).toMatch(/"start-partition"/);
  });

  it("rejects a read_ok with an extra field, as Maelstrom's closed schemas do", async () => {
    const r = await run("extra-field", { timeLimit: 2 });
    expect(r.exitCode, r.label).toBe(1);
    const res = r.file("results.json");
    expect(res.stats["by-f"].read["ok-count"]).toBe(0);
    expect(res.stats["by-f"].read["info-count"]).toBeGreaterThan(0);
    expect(res.exceptions.exceptions).toHaveLength(1); // every read failed the same way
    expect(res.exceptions.exceptions[0].class).toBe("MalformedResponse");
    expect(res.exceptions.exceptions[0].example.error).toMatch(/Malformed RPC response .*unexpected field\(s\) "count"/);
  });

  it("judges availability: a node that refuses half its reads passes at 0.5 and fails --availability total", async () => {
    const half = await run("flaky-reads", { timeLimit: 2, availability: 0.5 });
    expect(half.exitCode, half.label).toBe(0);
    const fraction = half.file("results.json").availability["ok-fraction"];
    expect(fraction).toBeGreaterThan(0.5);
    expect(fraction).toBeLessThan(1);
    const total = await run("flaky-reads", { timeLimit: 2, availability: "total" });
    expect(total.exitCode, total.label).toBe(1);
    const res = total.file("results.json");
    expect(res.availability["valid?"]).toBe(false);
    expect(res.workload["valid?"]).toBe(true); // nothing lost: only availability fails
    expect(res.stats["by-f"].read["fail-count"]).toBeGreaterThan(0);
  });
});

describe("the simulation host judges the faulty echo program as the process host judges it", () => {
  it("rejects an echo node that answers with the payload reversed", async () => {
    const bin = "test/fixtures/nodes/wrong-echo.ts";
    const r = await simRun({ workloadName: "echo", bin, install: await loadNodeProgram(bin), timeLimit: 3 });
    expect(r.exitCode, r.output).toBe(1);
    const res = r.file("results.json");
    expect(res.workload["valid?"]).toBe(false);
    expect(res.workload.errors[0][0]).toBe("Expected a message with :echo");
    expect(r.output).toMatch(/Analysis invalid!/);
  });
});
