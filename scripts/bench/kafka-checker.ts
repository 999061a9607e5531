// Times the kafka checker on a simulated history: nodes/kafka.ts, 5 nodes,
// 60 s, --rate 100 (seed 1), then checkKafka over its history, best of 5.
//   npx tsx scripts/bench/kafka-checker.ts
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadNodeProgram } from "../../lib/runtime/node-program.js";
import { checkKafka } from "../../maelstrom-workloads/checkers/kafka.js";
import type { Op } from "../../maelstrom-workloads/model/op.js";
import { testOptions } from "../../maelstrom-workloads/options/test-options.js";
import { runConfigFrom } from "../../maelstrom-workloads/run/run-config.js";
import { runSim } from "../../maelstrom-workloads/sim/run-sim.js";

const root = join(import.meta.dirname, "../..");
const storeDir = mkdtempSync(join(tmpdir(), "kafka-bench-"));
try {
  const o = testOptions({ workload: "kafka", bin: "nodes/kafka.ts", nodeCount: 5, concurrency: "2n", rate: 100, timeLimit: 60, seed: 1, storeDir });
  const outcome = await runSim({ ...runConfigFrom(o, []), install: await loadNodeProgram(join(root, "nodes/kafka.ts")) }, () => {});
  const history = readFileSync(join(outcome.dir, "history.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Op);
  let best = Infinity;
  let valid: unknown;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    valid = checkKafka(history)["valid?"];
    best = Math.min(best, performance.now() - t0);
  }
  console.log(`kafka checker: ${history.length} ops (5 nodes, 60 s, --rate 100, seed 1) checked in ${best.toFixed(1)} ms (best of 5): ${Math.round(history.length / (best / 1000)).toLocaleString("en")} ops/s; valid? ${String(valid)}`);
} finally {
  rmSync(storeDir, { recursive: true, force: true });
}
