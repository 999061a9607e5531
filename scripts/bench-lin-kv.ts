// How fast the linearizability checker (maelstrom-workloads/checkers/linearizable.ts)
// judges lin-kv histories, and how far its search goes. Histories: simulated runs of
// `-w lin-kv --bin nodes/lin-kv.ts --node-count 5 --concurrency 2n --rate 100`,
// 60 s and 300 s, without and with --nemesis partition, and 300 s with
// --latency 100 --latency-dist exponential (the lin-kv service is never
// partitioned, so a partition hardly changes this node's history; long
// exponential round trips keep more ops pending and time a few out as info,
// the search's hard case); then synthetic ones
// (scripts/bench/register-history.ts) with many info ops, the search's hard case,
// and one key crowded with info ops that runs the search out of its default budget
// (what giving up costs: time, configurations per second, memory).
// Each history is checked once untimed, then --runs times; the table quotes the median time, ops
// checked per second (client ops invoked / median s), the worst key's
// configurations explored, and the process's peak RSS so far. Goal: the 60 s
// history in under 10 s; the 300 s one without running out of memory (this
// script runs on Node's default heap).
//   npm run bench:lin-kv -- [--runs 3] [--seed 1] [--no-sim] [--no-synthetic]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { loadNodeProgram } from "../lib/runtime/node-program.js";
import { checkLinearizable, DEFAULT_BUDGET } from "../maelstrom-workloads/checkers/linearizable.js";
import type { Op } from "../maelstrom-workloads/model/op.js";
import { testOptions } from "../maelstrom-workloads/options/test-options.js";
import { runConfigFrom } from "../maelstrom-workloads/run/run-config.js";
import { runSim } from "../maelstrom-workloads/sim/run-sim.js";
import { WORKLOADS } from "../maelstrom-workloads/workloads.js";
import { benchArgs, usageError } from "./bench/cli.js";
import { crowdedKeyHistory, HEALTHY, registerHistory } from "./bench/register-history.js";
import { fileStamp, machineLine, Report } from "./bench/report.js";
import { median } from "./bench/stats.js";

const root = resolve(import.meta.dirname, "..");
const usage = "usage: npm run bench:lin-kv -- [--runs 3] [--seed 1] [--no-sim] [--no-synthetic]";
const { values } = benchArgs("bench-lin-kv", usage, {
  options: {
    runs: { type: "string", default: "3" },
    seed: { type: "string", default: "1" },
    "no-sim": { type: "boolean", default: false },
    "no-synthetic": { type: "boolean", default: false },
  },
});
for (const k of ["runs", "seed"] as const) {
  if (!/^[0-9]+$/.test(values[k])) usageError("bench-lin-kv", usage, `--${k} must be a whole number, got ${values[k]}`);
}
const runs = Math.max(1, Number(values.runs));
const seed = Number(values.seed);

/** A simulated lin-kv run's history. */
async function simHistory(timeLimit: number, nemesis: "partition"[], latency: number): Promise<Op[]> {
  const store = mkdtempSync(join(tmpdir(), "bench-lin-kv-"));
  try {
    const install = await loadNodeProgram(join(root, "nodes/lin-kv.ts"));
    const options = testOptions({ workload: "lin-kv", bin: "nodes/lin-kv.ts", nodeCount: 5, concurrency: "2n", rate: 100, timeLimit, nemesis, latency, ...(latency > 0 ? { latencyDist: "exponential" } : {}), seed, storeDir: store });
    const outcome = await runSim({ ...runConfigFrom(options, []), install }, () => {});
    const text = readFileSync(join(outcome.dir, "history.jsonl"), "utf8");
    return text.split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l) as Op);
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}

const peakMB = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Checks `ops` `runs` times and says one table row; returns the verdict and the median seconds. */
function measure(label: string, ops: readonly Op[]): { valid: boolean; s: number } {
  const times: number[] = [];
  // One check first, untimed: the first on a history pays for compiling the checker's hot loops.
  let result: Record<string, unknown> = checkLinearizable(ops);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = checkLinearizable(ops);
    times.push((performance.now() - t0) / 1000);
  }
  const s = median(times);
  const invoked = ops.filter((o) => o.type === "invoke" && typeof o.process === "number").length;
  const infos = ops.filter((o) => o.type === "info" && typeof o.process === "number").length;
  const worst = result["worst-key"] as { key: string; "configs-explored": number } | null;
  const peakLive = Math.max(0, ...Object.values(result.results as Record<string, { "peak-configs": number }>).map((r) => r["peak-configs"]));
  say(`| ${label} | ${invoked} | ${infos} | ${result["key-count"]} | ${s.toFixed(3)} | ${Math.round(invoked / s)} | ${worst === null ? "-" : `${worst["configs-explored"]} (key ${worst.key})`} | ${peakLive} | ${peakMB()} | ${String(result["valid?"])} |`);
  return { valid: result["valid?"] === true, s };
}

const report = new Report();
const say = (l: string) => report.say(l);
say(`# Linearizability checker on lin-kv histories, seed ${seed}, median of ${runs} checks after one untimed`);
say(machineLine());
say("");
say("| history | ops | info | keys | check s | ops/s | worst key: configs explored | most configs alive | peak RSS MB | valid? |");
say("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
let allValid = true;
let sixtyS: number | undefined;
if (!values["no-sim"]) {
  if (WORKLOADS["lin-kv"] === undefined) say("| simulated runs skipped: the lin-kv workload is not registered in maelstrom-workloads/workloads.ts yet | | | | | | | | | |");
  else {
    const sims: [number, "partition"[], number][] = [[60, [], 0], [60, ["partition"], 0], [300, [], 0], [300, ["partition"], 0], [300, ["partition"], 100]];
    for (const [timeLimit, nemesis, latency] of sims) {
      const ops = await simHistory(timeLimit, nemesis, latency);
      const label = `sim: 5 x nodes/lin-kv.ts, --rate 100, ${timeLimit} s${nemesis.length ? " --nemesis partition" : ""}${latency ? ` --latency ${latency} --latency-dist exponential` : ""}`;
      const m = measure(label, ops);
      allValid &&= m.valid;
      if (timeLimit === 60) sixtyS = Math.max(sixtyS ?? 0, m.s);
    }
  }
}
if (!values["no-synthetic"]) {
  for (const [seconds, infoChance, latencyMs] of [[60, 0, 5], [60, 0.05, 50], [300, 0.002, 5], [300, 0.05, 50]] as const) {
    const ops = registerHistory({ ...HEALTHY, seed, seconds, infoChance, latencyMs });
    allValid = measure(`synthetic: 10 threads, --rate 100, ${seconds} s, latency ${latencyMs} ms, ${infoChance * 100}% of ops time out`, ops).valid && allValid;
  }
}
if (!values["no-synthetic"]) {
  // The budget's cost: a key the search cannot finish within it.
  const crowded = crowdedKeyHistory(seed);
  const t0 = performance.now();
  const r = checkLinearizable(crowded);
  const s = (performance.now() - t0) / 1000;
  const explored = (r["worst-key"] as { "configs-explored": number })["configs-explored"];
  say("");
  say(`Budget (default, ${DEFAULT_BUDGET}): one key crowded with 40 info writes and cas of mixed values, then 12 ops at a time (${crowded.length} entries): ${String(r["valid?"])} after ${explored} configurations in ${s.toFixed(2)} s (${Math.round(explored / s)} a second), peak RSS ${peakMB()} MB.`);
}
say("");
say(`Goal: a 60 s history checked in under 10 s${sixtyS === undefined ? "" : `: ${sixtyS.toFixed(3)} s per check (median) at worst: ${sixtyS < 10}`}; every history valid: ${allValid}.`);
report.write(`lin-kv-${fileStamp()}.md`);
process.exit(allValid && (sixtyS === undefined || sixtyS < 10) ? 0 : 1);
