// How fast the fault search runs simulations: runs per minute on one worker
// thread and on all cores, side by side, for the Gossip Glomers 3c test
// (5 nodes of nodes/broadcast.ts, --rate 10, --time-limit 30, the search's own
// schedules of partitions, kills, pauses and loss). Each round runs the same
// cases on a pool of 1 worker and on a pool of all cores (in alternating
// order), timing the runs after one warm-up run per worker, and beside each
// the same number of threads doing plain CPU work (how much more the machine
// gives more threads at that moment); the table shows the medians over the
// rounds and writes them to store/bench/.
//   npm run bench:search -- [--rounds 3] [--runs 300] [--workers N] [--nodes 5] [--rate 10] [--time-limit 30] [--bin nodes/broadcast.ts] [bin args]
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { deriveSeed } from "../maelstrom-workloads/model/random.js";
import type { TargetSpec } from "../maelstrom-workloads/nemesis/process-faults.js";
import { testOptions } from "../maelstrom-workloads/options/test-options.js";
import { WorkerPool } from "../maelstrom-workloads/sim/search/case-runners.js";
import type { CaseResult, SearchCase } from "../maelstrom-workloads/sim/search/run-case.js";
import { scheduleArbitrary } from "../maelstrom-workloads/sim/search/schedule-arbitrary.js";
import { SEARCH_DEFAULTS, caseRunSeed } from "../maelstrom-workloads/sim/search/search.js";
import { seededFcRandom } from "../maelstrom-workloads/sim/search/seeded-fc-random.js";
import { benchArgs, usageError } from "./bench/cli.js";
import { fileStamp, writeReport } from "./bench/report.js";
import { median } from "./bench/stats.js";
import { defaultFaultKinds } from "./sim/search-command.js";

const root = resolve(import.meta.dirname, "..");
const usage = "usage: npm run bench:search -- [--rounds 3] [--runs 300] [--workers N] [--nodes 5] [--rate 10] [--time-limit 30] [--bin nodes/broadcast.ts] [bin args]";
const { values, positionals } = benchArgs("bench-search", usage, {
  allowPositionals: true,
  options: {
    rounds: { type: "string", default: "3" },
    runs: { type: "string", default: "300" },
    workers: { type: "string", default: String(availableParallelism()) },
    nodes: { type: "string", default: "5" },
    rate: { type: "string", default: "10" },
    "time-limit": { type: "string", default: "30" },
    bin: { type: "string", default: "nodes/broadcast.ts" },
  },
});
const [rounds, runs, all, nodeCount] = [values.rounds, values.runs, values.workers, values.nodes].map(Number) as [number, number, number, number];
if (![rounds, runs, all, nodeCount].every((n) => Number.isInteger(n) && n >= 1)) usageError("bench-search", usage, "--rounds, --runs, --workers and --nodes must be whole numbers >= 1");
const bin: string = values.bin;
const store = mkdtempSync(join(tmpdir(), "bench-search-"));
const options = testOptions({ workload: "broadcast", bin: values.bin, binArgs: positionals, nodeCount, rate: Number(values.rate), timeLimit: Number(values["time-limit"]), storeDir: store });
const arbitrary = scheduleArbitrary({ nodes: options.nodes, timeLimitMs: options.timeLimit * 1000, kinds: defaultFaultKinds(options), targets: options.nemesisTargets as TargetSpec[], maxFaults: SEARCH_DEFAULTS.maxFaults });
/** The search's case n (search seed 1), as `npm run sim -- search --seed 1` would draw it. */
const caseOf = (n: number): SearchCase => ({ id: n, runSeed: caseRunSeed(1, n), schedule: arbitrary.generate(seededFcRandom(deriveSeed(1, `case ${n}`)), undefined).value });

/** One measurement: a pool of `k` workers, one warm-up case each, then `runs` cases timed. */
async function measure(k: number, round: number) {
  const t0 = performance.now();
  const pool = new WorkerPool(k, { options, argv: [] }, resolve(root, bin));
  try {
    await Promise.all(Array.from({ length: k }, (_, i) => pool.run(caseOf(1_000_000 + round * 100 + i))));
    const startS = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const cpu0 = process.cpuUsage();
    const results: CaseResult[] = await Promise.all(Array.from({ length: runs }, (_, i) => pool.run(caseOf(i))));
    const wallS = (performance.now() - t1) / 1000;
    // CPU time of every thread of this process (workers included): how many cores the runs kept busy.
    const cpu = process.cpuUsage(cpu0);
    return { k, perMin: (runs / wallS) * 60, busy: (cpu.user + cpu.system) / 1e6 / wallS, startS, simS: results.reduce((s, r) => s + r.simulatedMs, 0) / runs / 1000, invalid: results.filter((r) => r.exitCode !== 0).length };
  } finally {
    await pool.close();
  }
}

/**
 * The machine's own scaling at the same moment: a fixed amount of plain CPU
 * work (arithmetic and short-lived objects, no I/O) on each of `k` threads at
 * once; work per second. On a machine shared with other jobs, all cores are
 * not all ours, and this says how much more `k` threads can get at all.
 */
async function bareCpu(k: number): Promise<number> {
  const code = `const { parentPort } = require("node:worker_threads"); let x = 0; const a = [];
    for (let i = 0; i < 6e7; i++) { x += Math.sqrt(i); if (i % 1000 === 0) a.push({ i, s: String(x) }); if (a.length > 5000) a.length = 0; }
    parentPort.postMessage(x);`;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: k }, () => new Promise((r) => new Worker(code, { eval: true }).once("message", r))));
  return k / ((performance.now() - t0) / 1000);
}

const sizes = all === 1 ? [1] : [1, all];
const bare = new Map<number, number[]>(sizes.map((k) => [k, []]));
const byK = new Map<number, Awaited<ReturnType<typeof measure>>[]>(sizes.map((k) => [k, []]));
const loads: number[] = [];
for (let round = 0; round < rounds; round++) {
  for (const k of round % 2 === 0 ? sizes : [...sizes].reverse()) {
    process.stderr.write(`bench-search: round ${round + 1} of ${rounds}, ${k} worker${k === 1 ? "" : "s"}, ${runs} runs ...\n`);
    loads.push(loadavg()[0]!);
    const m = await measure(k, round);
    byK.get(k)!.push(m);
    bare.get(k)!.push(await bareCpu(k));
    process.stderr.write(`  ${m.perMin.toFixed(0)} runs/min\n`);
  }
}
rmSync(store, { recursive: true, force: true });

const one = median(byK.get(1)!.map((m) => m.perMin));
const bareOne = median(bare.get(1)!);
const lines = [
  `bench:search on ${cpus().length} cores (${availableParallelism()} available), ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, ${new Date().toISOString()}; 1-minute load average during the rounds ${Math.min(...loads).toFixed(2)}-${Math.max(...loads).toFixed(2)}`,
  `${nodeCount} nodes of ${values.bin}${positionals.length ? " " + positionals.join(" ") : ""}, --rate ${options.rate} --time-limit ${options.timeLimit}, the search's schedules (search seed 1: ${defaultFaultKinds(options).join(", ")}); ${runs} runs a measurement, ${rounds} rounds, medians`,
  "",
  "| workers | runs per minute | per worker | vs 1 worker | rounds (runs/min) | cores busy | runs per CPU s | bare CPU work vs 1 thread | pool start-up s | simulated s per run | not valid |",
  "|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|",
  ...sizes.map((k) => {
    const ms = byK.get(k)!;
    const perMin = median(ms.map((m) => m.perMin));
    return `| ${k} | ${perMin.toFixed(0)} | ${(perMin / k).toFixed(0)} | ${(perMin / one).toFixed(2)}x | ${ms.map((m) => m.perMin.toFixed(0)).join(", ")} | ${median(ms.map((m) => m.busy)).toFixed(2)} | ${median(ms.map((m) => m.perMin / 60 / m.busy)).toFixed(1)} | ${(median(bare.get(k)!) / bareOne).toFixed(2)}x | ${median(ms.map((m) => m.startS)).toFixed(2)} | ${median(ms.map((m) => m.simS)).toFixed(1)} | ${ms[0]!.invalid}/${runs} |`;
  }),
  "",
  "cores busy: CPU time of all this process's threads over the wall time; runs per CPU s: how much one CPU second buys. bare CPU work: the same number of threads doing plain arithmetic at the same moment, against one thread:",
  "the most the machine gave more threads then (other jobs share its cores); the search's own 'vs 1 worker' is to be read against it.",
  `Goal: at least 300 simulated runs per minute on all cores (${all}), scaling with the cores. A run is ${options.timeLimit} s of main phase plus 10 s of recovery, simulated; its store goes to a temporary folder and is deleted after the verdict.`,
];
console.log(lines.join("\n"));
console.log(`written to ${writeReport(`search-${fileStamp()}.md`, lines)}`);
process.exit(0);
