import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadNodeProgram } from "../../lib/runtime/node-program.js";
import type { TestOptionsInput } from "../../maelstrom-workloads/options/option-table.js";
import { testOptions } from "../../maelstrom-workloads/options/test-options.js";
import { runConfigFrom } from "../../maelstrom-workloads/run/run-config.js";
import { runSim } from "../../maelstrom-workloads/sim/run-sim.js";
import { ROOT } from "../helpers/run-harness.js";

// nodes/lin-kv.ts (forwards to the lin-kv service) and the faulty
// test/fixtures/nodes/cached-lin-kv.ts (stale reads from a local cache) on the
// simulation host, under Maelstrom's lin-kv workload. Not test/helpers/sim-run.ts:
// lin-kv needs --concurrency given (a multiple of 2n), which simRun does not pass on.

type Op = { process: number | string; type: string; f: string; value: unknown };

async function run(bin: string, options: Omit<TestOptionsInput, "workload" | "bin">) {
  const o = testOptions({ workload: "lin-kv", bin, nodeCount: 3, concurrency: "2n", rate: 10, timeLimit: 10, nemesisInterval: 2, seed: 7, storeDir: mkdtempSync(join(tmpdir(), "lin-kv-sim-")), ...options });
  const cfg = { ...runConfigFrom(o, []), install: await loadNodeProgram(join(ROOT, bin)) };
  const lines: string[] = [];
  const outcome = await runSim(cfg, (l) => lines.push(l));
  const text = (name: string) => readFileSync(join(outcome.dir, name), "utf8");
  const history = () => text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Op);
  return { ...outcome, results: JSON.parse(text("results.json")), history, label: `seed ${o.seed}, store ${outcome.dir}\n${lines.join("\n")}` };
}

describe("nodes/lin-kv.ts on the simulator", () => {
  it("is linearizable (3 nodes, --concurrency 2n, 10 s, --rate 10), every op type succeeding", async () => {
    const r = await run("nodes/lin-kv.ts", {});
    expect(r.exitCode, r.label).toBe(0);
    expect(r.results.workload["valid?"], r.label).toBe(true);
    const ops = r.history();
    for (const f of ["read", "write", "cas"]) expect(ops.some((o) => o.f === f && o.type === "ok"), f).toBe(true);
    expect(ops.filter((o) => o.type === "invoke").length).toBeGreaterThan(60);
  });

  it("is linearizable under --nemesis partition with two keys at once (5 nodes, --concurrency 4n, --latency 50 exponential)", async () => {
    const r = await run("nodes/lin-kv.ts", { nodeCount: 5, concurrency: "4n", rate: 20, nemesis: ["partition"], latency: 50, latencyDist: "exponential", seed: 3 });
    expect(r.exitCode, r.label).toBe(0);
    const ops = r.history();
    expect(ops.some((o) => o.f === "start-partition")).toBe(true);
    const keys = new Set(ops.filter((o) => o.process !== "nemesis").map((o) => (o.value as [number, unknown])[0]));
    expect([...keys].sort()).toEqual([0, 1]);
    expect(r.results.workload["valid?"], r.label).toBe(true);
  });
});

describe("key rotation in a run", () => {
  it("under --nemesis kill, the writes to a killed node are info; key 0 is retired after 20 processes and key 1 follows; still linearizable", async () => {
    const r = await run("nodes/lin-kv.ts", { nemesis: ["kill"], timeLimit: 30, seed: 3 });
    expect(r.exitCode, r.label).toBe(0);
    const ops = r.history().filter((o) => o.process !== "nemesis");
    const processes = new Map<number, Set<number | string>>();
    for (const o of ops) {
      const k = (o.value as [number, unknown])[0];
      processes.set(k, (processes.get(k) ?? new Set()).add(o.process));
    }
    expect(ops.filter((o) => o.type === "info").length, r.label).toBeGreaterThanOrEqual(15);
    expect(processes.get(0)?.size, r.label).toBe(20);
    expect(processes.has(1), r.label).toBe(true);
    expect(r.results.workload["key-count"], r.label).toBeGreaterThanOrEqual(2);
  });
});

describe("the faulty cached-lin-kv.ts on the simulator", () => {
  it("is not linearizable: a stale read is named", async () => {
    const r = await run("test/fixtures/nodes/cached-lin-kv.ts", {});
    expect(r.exitCode, r.label).toBe(1);
    const w = r.results.workload;
    expect(w["valid?"], r.label).toBe(false);
    expect(w.failures.length, r.label).toBeGreaterThan(0);
  });
});
