import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadNodeProgram } from "../../lib/runtime/node-program.js";
import type { TestOptionsInput } from "../../maelstrom-workloads/options/option-table.js";
import { testOptions } from "../../maelstrom-workloads/options/test-options.js";
import { runConfigFrom } from "../../maelstrom-workloads/run/run-config.js";
import { runSim } from "../../maelstrom-workloads/sim/run-sim.js";
import { ROOT } from "./run-harness.js";

/**
 * A simulated run of a txn workload (2 nodes, --concurrency 2n, --rate 100,
 * 10 s, seed 7 unless overridden), with its results, history and a label
 * naming the seed, the store and the checker's verdict.
 */
type Op = { process: number | string; type: string; f: string; value: unknown };

export async function txnSim(workload: "txn-rw-register" | "txn-list-append", bin: string, options: Omit<TestOptionsInput, "workload" | "bin">) {
  const o = testOptions({ workload, bin, nodeCount: 2, concurrency: "2n", rate: 100, timeLimit: 10, seed: 7, storeDir: mkdtempSync(join(tmpdir(), "txn-sim-")), ...options });
  const cfg = { ...runConfigFrom(o, []), install: await loadNodeProgram(join(ROOT, bin)) };
  const lines: string[] = [];
  const outcome = await runSim(cfg, (l) => lines.push(l));
  const text = (name: string) => readFileSync(join(outcome.dir, name), "utf8");
  const results = JSON.parse(text("results.json"));
  const history = () => text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Op);
  const w = results.workload;
  const label = `seed ${o.seed}, store ${outcome.dir}: workload ${JSON.stringify({ "valid?": w["valid?"], "anomaly-types": w["anomaly-types"], allowed: w["allowed-anomaly-types"] })}\n${lines.join("\n")}`;
  return { ...outcome, results, workload: w, history, label };
}

